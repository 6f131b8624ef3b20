//===- FoldParFor.cpp - Fold fan-outs and repeated calls into `parfor` ----===//
//
// fold-parfor does two things:
//
//  * it folds every fan-out family recorded by discover-families (experts
//    dispatched by a router; named by the profile, or shown by never-called
//    members) into one `parfor N` group, N the number of members, noting
//    which instances were never called. After fold-for has folded
//    `layers.[1-11]`, the experts of all eleven MoE layers are one family
//    and become one group `layers.[1-11].mlp.experts.[0-63]`.
//  * it marks every node called k > 1 times per call of its caller (k a
//    whole number, at least -min-parfor) as `parfor k`. Edge weights play no
//    part: they are op counts.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/PassRegistry.h"

#define DEBUG_TYPE "fold-parfor"

STATISTIC(NumParForGroups, "Number of fan-out groups (parfor N)");
STATISTIC(NumFanOutMembers, "Number of fan-out members folded");
STATISTIC(NumRepeated, "Number of nodes marked parfor k for repeated calls");

using namespace dsocr;

namespace {

class FoldParFor : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;
};

} // namespace

bool FoldParFor::run(CallGraph &G, PassContext &Ctx) {
  if (!foldFamiliesOfKind(G, Ctx, FoldKind::ParFor, "fold-parfor", nullptr,
                          [](uint64_t Size) {
                            ++NumParForGroups;
                            NumFanOutMembers += Size;
                          }))
    return false;

  uint64_t MinK = std::max(2u, Ctx.Options.MinParFor);
  G.walkPreOrder([&](Node *N) {
    if (N->isRoot())
      return;
    const PerCall &PC = N->perCall();
    if (PC.isInteger() && PC.numerator() >= MinK) {
      N->setRepeat(PC.numerator());
      ++NumRepeated;
    } else {
      N->setRepeat(0);
    }
  });
  return true;
}

std::unique_ptr<Pass> dsocr::createFoldParForPass() {
  return std::make_unique<FoldParFor>();
}
