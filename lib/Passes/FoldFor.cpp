//===- FoldFor.cpp - Fold depth stacks into `for N` -----------------------===//
//
// fold-for folds every depth-stack family recorded by discover-families
// (same class, members called alike) into one `for N` group over the index
// range. The body shows each child once with a pattern address; members
// whose subtree differs become variants, in structure (`layers.0` has a
// dense MLP, `layers.[1-11]` a MoE) or in ops (SAM's global-attention
// blocks). Families deeper in the tree fold first, so a stack inside a stack
// folds into a group inside a group. Fan-out families inside the members are
// merged into one family of the body, for fold-parfor.
//
// A stack whose members are not all called the same whole number of times
// per call of their caller (`1/2`: every other call) is left unfolded, with
// a note saying so. (Members called different numbers of times are a
// fan-out: discover-families leaves them to fold-parfor.)
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/PassRegistry.h"

#include "llvm/ADT/STLExtras.h"

#define DEBUG_TYPE "fold-for"

STATISTIC(NumForGroups, "Number of for groups");
STATISTIC(NumStackMembers, "Number of stack members folded");
STATISTIC(NumUnfoldedStacks,
          "Number of stacks left unfolded (members called differently)");

using namespace dsocr;

namespace {

class FoldFor : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;
};

/// The calls per caller call all called members share, or None.
llvm::Optional<PerCall>
commonPerCall(const std::vector<FamilyFolder::Item> &Members) {
  llvm::Optional<PerCall> Common;
  for (const auto &[Index, C] : Members) {
    if (C->activeInstances() == 0)
      continue;
    if (!C->perCall().isInteger())
      return llvm::None;
    if (Common && *Common != C->perCall())
      return llvm::None;
    Common = C->perCall();
  }
  return Common;
}

} // namespace

bool FoldFor::run(CallGraph &G, PassContext &Ctx) {
  auto CalledAlike = [](Node &P, const Family &F,
                        const std::vector<FamilyFolder::Item> &Members) {
    if (commonPerCall(Members))
      return true;
    ++NumUnfoldedStacks;
    addNote(P.getOrCreateExtra().Notes,
            "'" + F.Base +
                "' not folded: its members are not all called the same "
                "whole number of times per call");
    return false;
  };
  return foldFamiliesOfKind(G, Ctx, FoldKind::For, "fold-for", CalledAlike,
                            [](uint64_t Size) {
                              ++NumForGroups;
                              NumStackMembers += Size;
                            });
}

std::unique_ptr<Pass> dsocr::createFoldForPass() {
  return std::make_unique<FoldFor>();
}
