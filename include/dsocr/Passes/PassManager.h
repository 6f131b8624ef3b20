//===- PassManager.h - Running a pipeline of passes -------------*- C++ -*-===//
//
// Parses `-passes=a,b,c`, runs the passes in order and provides LLVM's
// instrumentation: -print-before/-print-after/-print-after-all (IR to a
// stream, headed by the pass name), -verify-each, -time-passes and pass
// statistics.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASSMANAGER_H
#define DSOCR_PASSES_PASSMANAGER_H

#include "dsocr/Passes/Pass.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
class Timer;
class TimerGroup;
} // namespace llvm

namespace dsocr {

/// The timers of -time-passes: one per pass or phase, created on first use,
/// reported together by print().
class PassTimers {
public:
  PassTimers();
  ~PassTimers();
  /// The timer named Name (a pass or phase such as `read input`).
  llvm::Timer &timer(llvm::StringRef Name);
  /// Prints the report (LLVM's format) and resets the timers.
  void print(llvm::raw_ostream &OS);

private:
  std::unique_ptr<llvm::TimerGroup> Group;
  std::vector<std::pair<std::string, std::unique_ptr<llvm::Timer>>> Timers;
};

struct Instrumentation {
  bool PrintBeforeAll = false;
  bool PrintAfterAll = false;
  std::vector<std::string> PrintBefore;
  std::vector<std::string> PrintAfter;
  bool VerifyEach = false;
  /// Where IR dumps go (stderr in the tool).
  llvm::raw_ostream *DumpStream = nullptr;
  /// When set, each pass is timed (-time-passes).
  PassTimers *Timers = nullptr;
};

class PassManager {
public:
  PassManager();
  ~PassManager();

  /// Parses a comma-separated list of pass names. On error returns false
  /// and sets Error to a message naming the bad element.
  bool parsePipeline(llvm::StringRef Text, std::string &Error);
  void addPass(std::unique_ptr<Pass> P);
  const std::vector<std::unique_ptr<Pass>> &passes() const { return Passes; }
  /// The pipeline as text: `parse-edges,verify`.
  std::string pipelineText() const;

  /// Runs every pass; returns false after the first failure (reported).
  bool run(CallGraph &G, PassContext &Ctx, const Instrumentation &Instr);

private:
  std::vector<std::unique_ptr<Pass>> Passes;
};

} // namespace dsocr

#endif // DSOCR_PASSES_PASSMANAGER_H
