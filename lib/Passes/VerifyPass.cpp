//===- VerifyPass.cpp - The verify pass -----------------------------------===//
//
// Runs the IR verifier as a pass, so that `-passes=...,verify` checks the
// invariants at any point of a pipeline.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/Verifier.h"
#include "dsocr/Passes/PassRegistry.h"

using namespace dsocr;

namespace {
class VerifyPass : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override {
    return verifyCallGraph(G, Ctx.Diags);
  }
};
} // namespace

std::unique_ptr<Pass> dsocr::createVerifyPass() {
  return std::make_unique<VerifyPass>();
}
