//===- DiffDriver.h - What dsocr-diff does, as a library --------*- C++ -*-===//
//
// dsocr-diff A B reads two inputs, each a TorchLens trace, dsocr IR or
// grouped JSON, reads and groups the first two kinds as dsocr-opt does
// (InputReader.h; the same profile, pipeline and options for both), takes
// grouped JSON as written, and reports what changed between the two
// grouped trees (Differ.h), in Markdown or JSON. As diff does, it exits 0
// when the two agree, 1 when they differ and 2 on trouble; the report is
// written whole or not at all.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DIFF_DIFFDRIVER_H
#define DSOCR_DIFF_DIFFDRIVER_H

#include "dsocr/Driver/InputReader.h"
#include "dsocr/Passes/Pass.h"
#include "dsocr/Passes/PassManager.h"

#include "llvm/ADT/Optional.h"

#include <cstdint>
#include <string>

namespace dsocr {

enum class DiffFormat { Markdown, JSON };

/// Exit codes, as diff's.
enum DiffExit { DiffSame = 0, DiffDiffer = 1, DiffTrouble = 2 };

struct DiffConfig {
  std::string LeftPath, RightPath; // `-`: standard input (one of them)
  std::string OutputPath = "-";
  DiffFormat Format = DiffFormat::Markdown;
  /// -x: how traces and IR are told apart (grouped JSON is known by its
  /// `schema` under auto).
  InputFormat Input = InputFormat::Auto;
  /// -events: the runtime events of both runs; -left-events and
  /// -right-events: of one (they win over -events).
  std::string EventsPath, LeftEventsPath, RightEventsPath;
  /// -profile for both; empty: each input gets the built-in profile of the
  /// model it is, else generic (as dsocr-opt).
  std::string ProfileName;
  /// -passes; unset: the pipeline of View.
  llvm::Optional<std::string> Pipeline;
  PipelineView View = PipelineView::Tree;
  PassOptions Options;
  uint64_t MaxInputBytes = uint64_t(8) << 30;
  uint64_t MaxStreamInputBytes = uint64_t(1) << 30;
};

/// Runs dsocr-diff; returns a DiffExit.
int runDiff(const DiffConfig &C);

/// The dsocr-diff tool: the command line into a DiffConfig, then runDiff.
int diffMain(int argc, char **argv);

} // namespace dsocr

#endif // DSOCR_DIFF_DIFFDRIVER_H
