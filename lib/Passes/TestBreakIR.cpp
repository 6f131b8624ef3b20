//===- TestBreakIR.cpp - A pass that breaks the IR, for tests -------------===//
//
// test-break-ir adds one call to the first child of the root, so that its
// per_call no longer matches its calls: the IR is invalid on purpose, and a
// test sees -verify-each fail after it (as MLIR's test passes do). It is
// known only with -enable-test-passes (Passes.def: TEST_PASS).
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/PassRegistry.h"

using namespace dsocr;

namespace {
class TestBreakIR : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override {
    Node *Root = G.root();
    if (!Root->children().empty()) {
      Node *Victim = Root->children().front();
      Victim->setCalls(Victim->calls() + 1);
    }
    return true;
  }
};
} // namespace

std::unique_ptr<Pass> dsocr::createTestBreakIRPass() {
  return std::make_unique<TestBreakIR>();
}
