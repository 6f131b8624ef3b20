//===- PassInstrumentation.cpp - Callbacks around each pass ---------------===//
//
// Runs the registered callbacks in order.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/PassInstrumentation.h"

using namespace dsocr;

void PassInstrumentationCallbacks::runBeforePass(llvm::StringRef PassName,
                                                 const CallGraph &G) {
  for (auto &C : BeforePass)
    C(PassName, G);
}

bool PassInstrumentationCallbacks::runAfterPass(llvm::StringRef PassName,
                                                const CallGraph &G) {
  for (auto &C : AfterPass)
    if (!C(PassName, G))
      return false;
  return true;
}

void PassInstrumentationCallbacks::runAfterPassFailed(
    llvm::StringRef PassName) {
  for (auto &C : AfterPassFailed)
    C(PassName);
}
