//===- PassInstrumentation.h - Callbacks around each pass -------*- C++ -*-===//
//
// After LLVM's PassInstrumentationCallbacks: the pass manager calls the
// registered callbacks before each pass and after it (or after it failed).
// -print-before/-after, -verify-each and -time-passes are built on them
// (StandardInstrumentations.h); a tool or test may register its own.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASSINSTRUMENTATION_H
#define DSOCR_PASSES_PASSINSTRUMENTATION_H

#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace dsocr {

class CallGraph;

class PassInstrumentationCallbacks {
public:
  /// Called before a pass runs, once its needs are met.
  using BeforePassFunc = void(llvm::StringRef PassName, const CallGraph &G);
  /// Called after a pass succeeded; returning false stops the pipeline (the
  /// callback has reported why).
  using AfterPassFunc = bool(llvm::StringRef PassName, const CallGraph &G);
  /// Called after a pass failed (it has reported why).
  using AfterPassFailedFunc = void(llvm::StringRef PassName);

  void registerBeforePassCallback(llvm::unique_function<BeforePassFunc> C) {
    BeforePass.push_back(std::move(C));
  }
  /// ToFront puts C before the callbacks already registered (as LLVM's
  /// timers do, so that what the others do is not timed).
  void registerAfterPassCallback(llvm::unique_function<AfterPassFunc> C,
                                 bool ToFront = false) {
    AfterPass.insert(ToFront ? AfterPass.begin() : AfterPass.end(),
                     std::move(C));
  }
  void
  registerAfterPassFailedCallback(llvm::unique_function<AfterPassFailedFunc> C,
                                  bool ToFront = false) {
    AfterPassFailed.insert(ToFront ? AfterPassFailed.begin()
                                   : AfterPassFailed.end(),
                           std::move(C));
  }

  /// Run the callbacks in the order they were registered.
  void runBeforePass(llvm::StringRef PassName, const CallGraph &G);
  /// False as soon as one callback returns false (the rest do not run).
  bool runAfterPass(llvm::StringRef PassName, const CallGraph &G);
  void runAfterPassFailed(llvm::StringRef PassName);

private:
  std::vector<llvm::unique_function<BeforePassFunc>> BeforePass;
  std::vector<llvm::unique_function<AfterPassFunc>> AfterPass;
  std::vector<llvm::unique_function<AfterPassFailedFunc>> AfterPassFailed;
};

} // namespace dsocr

#endif // DSOCR_PASSES_PASSINSTRUMENTATION_H
