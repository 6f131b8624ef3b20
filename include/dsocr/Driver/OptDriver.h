//===- OptDriver.h - What dsocr-opt does, as a library ----------*- C++ -*-===//
//
// The dsocr-opt tool parses its command line into an OptConfig and calls
// runOpt; everything else (reading, the pass pipeline, instrumentation,
// emitting, writing outputs atomically) lives here, so tests and other tools
// can drive it too.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DRIVER_OPTDRIVER_H
#define DSOCR_DRIVER_OPTDRIVER_H

#include "dsocr/Passes/Pass.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

struct OptConfig {
  /// The inputs; empty means standard input. With more than one, each is
  /// processed on its own (a batch) and writes its report to
  /// OutputDir/<input file name without .json or .ir>/.
  std::vector<std::string> InputPaths;
  std::string InputFormat = "auto"; // -x: auto (by content), json or ir
  std::string OutputPath = "-";
  std::string OutputDir; // when set, the report files go here
  std::string Emit = "ir";
  std::string Pipeline; // empty: the default pipeline
  bool PipelineGiven = false;
  std::string ProfileName = "deepseek-ocr";
  PassOptions Options;
  bool PrintBeforeAll = false;
  bool PrintAfterAll = false;
  std::vector<std::string> PrintBefore;
  std::vector<std::string> PrintAfter;
  bool VerifyEach = false;
  bool TimePasses = false;
  /// With -output-dir: also render the DOT picture to SVG when Graphviz's
  /// `dot` is on the PATH.
  bool RenderSVG = true;
  /// Regular files larger than this are refused before they are read.
  uint64_t MaxInputBytes = uint64_t(8) << 30;
  /// Inputs read as streams (standard input, FIFOs, devices) are refused
  /// once they have given more than this: they are copied into memory, and
  /// a device such as /dev/zero never ends.
  uint64_t MaxStreamInputBytes = uint64_t(1) << 30;
  /// Leave the graph and the input allocated at the end (for a process that
  /// exits right after: freeing millions of nodes costs seconds).
  bool DisableFree = false;
  /// Batches: how many inputs are processed at once (0: one per core).
  unsigned Jobs = 1;
};

/// Names of the files -output-dir writes.
extern const char *const GroupedJSONFileName; // dsocr-call-graph-grouped.json
extern const char *const GroupedMarkdownFileName;
extern const char *const GroupedDOTFileName;
extern const char *const GroupedMermaidFileName;
extern const char *const GroupedSVGFileName;

/// Runs dsocr-opt; returns the process exit code (0 on success, 1 when the
/// input, or in a batch any input, failed).
int runOpt(const OptConfig &Config);

/// Prints the registered passes (-list-passes).
void listPasses();

} // namespace dsocr

#endif // DSOCR_DRIVER_OPTDRIVER_H
