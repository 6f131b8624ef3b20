//===- OptDriver.h - What dsocr-opt does, as a library ----------*- C++ -*-===//
//
// In the shape of mlir-opt's MlirOptMain: optMain() registers the command
// line options, bound (cl::location) to the fields of an OptConfig, and
// calls runOpt(); runOpt() does the work in named steps (read, pipeline,
// emit, commit), one input on a thread of its own, several as a batch.
// Tests and other tools can fill an OptConfig and call runOpt() directly.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DRIVER_OPTDRIVER_H
#define DSOCR_DRIVER_OPTDRIVER_H

#include "dsocr/Driver/InputReader.h"
#include "dsocr/Emit/Emitter.h"
#include "dsocr/Passes/Pass.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Passes/StandardInstrumentations.h"

#include "llvm/ADT/Optional.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

struct OptConfig {
  /// The inputs; empty means standard input. With more than one, each is
  /// processed on its own (a batch) and writes its report to
  /// OutputDir/<input file name without .json or .ir>/.
  std::vector<std::string> InputPaths;
  /// -x: by content (a `.json` file is a trace), or forced.
  InputFormat Input = InputFormat::Auto;
  std::string OutputPath = "-";
  std::string OutputDir; // when set, the report files go here
  /// -events: a file of runtime events (`{"events": [...]}`) that replace
  /// the input's.
  std::string EventsPath;
  EmitFormat Emit = EmitFormat::IR;
  /// -passes; unset: the default pipeline (of the view).
  llvm::Optional<std::string> Pipeline;
  /// -view: the grouped tree, or the stage view (collapse-stages last).
  PipelineView View = PipelineView::Tree;
  /// Test passes (test-break-ir) are known.
  bool EnableTestPasses = false;
  /// Empty: the built-in profile of the model each input is, else generic.
  std::string ProfileName;
  /// The defaults of the passes' parameters.
  PassOptions Options;
  PrintIROptions Print;
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

/// Runs dsocr-opt; returns the process exit code (0 on success, 1 when the
/// input, or in a batch any input, failed).
int runOpt(const OptConfig &Config);

/// The dsocr-opt tool: parses the command line into an OptConfig, answers
/// -list-passes and -list-profiles, and calls runOpt.
int optMain(int argc, char **argv);

} // namespace dsocr

#endif // DSOCR_DRIVER_OPTDRIVER_H
