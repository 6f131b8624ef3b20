//===- Prune.cpp - Hide what the user asked to hide -----------------------===//
//
// prune removes subtrees the user asked to hide:
//
//  * -prune-depth=N: nodes more than N levels below the root;
//  * -prune-leaves: plain modules without children below the top level
//    (groups, repeated calls, never-called modules and nodes with notes are
//    kept: they are the story);
//  * -prune-min-ops=N: subtrees below the top level with fewer inclusive
//    ops than N;
//  * -prune-pattern=GLOB: subtrees whose address matches.
//
// In the stage view a line (stage node) is never hidden and its modules
// are at the top level.
//
// Unset options fall back to the profile's `prune` defaults (the
// deepseek-ocr profile hides leaves). Totals stay consistent: a hidden
// subtree's node count, calls and ops are added to its caller's hidden_*
// counters, so verify still finds every call and op of the trace.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Address.h"

#define DEBUG_TYPE "prune"

STATISTIC(NumHiddenSubtrees, "Number of subtrees hidden");
STATISTIC(NumHiddenNodes, "Number of nodes hidden");

using namespace dsocr;

namespace {

class Prune : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;
};

struct Settings {
  llvm::Optional<unsigned> MaxDepth;
  bool Leaves = false;
  uint64_t MinOps = 0;
  std::vector<std::string> Patterns;
};

bool isNotable(const Node &N) {
  return N.isGroup() || N.repeat() || N.calls() == 0 ||
         (N.extra() && !N.extra()->Notes.empty());
}

} // namespace

bool Prune::run(CallGraph &G, PassContext &Ctx) {
  const PruneDefaults &D = Ctx.Prof.Prune;
  const PassOptions &O = Ctx.Options;
  Settings S;
  S.MaxDepth = O.PruneDepth ? O.PruneDepth : D.MaxDepth;
  S.Leaves = O.PruneLeaves.getValueOr(D.Leaves);
  S.MinOps = O.PruneMinOps.getValueOr(D.MinOps);
  S.Patterns = D.Patterns;
  S.Patterns.insert(S.Patterns.end(), O.PrunePatterns.begin(),
                    O.PrunePatterns.end());

  auto Hidden = [&](const Node &N, unsigned Depth) {
    // A line of the stage view is never hidden (its calls are not the
    // trace's); its modules count as top-level ones.
    if (N.isStage())
      return false;
    if (S.MaxDepth && Depth > *S.MaxDepth)
      return true;
    for (const std::string &P : S.Patterns)
      if (matchAddressGlob(P, N.address()))
        return true;
    if (Depth < 2)
      return false;
    // A module whose callees an earlier prune hid is no leaf: pruning
    // twice hides no more than once.
    if (S.Leaves && N.children().empty() &&
        !(N.extra() && N.extra()->HiddenNodes) && !isNotable(N))
      return true;
    if (S.MinOps && N.inclusiveOps() < S.MinOps)
      return true;
    return false;
  };

  // Decide on the unchanged tree, then cut: pre-order, a hidden node's
  // subtree is not visited.
  std::vector<std::pair<Node *, unsigned>> Stack{{G.root(), 0}};
  while (!Stack.empty()) {
    auto [N, Depth] = Stack.back();
    Stack.pop_back();
    std::vector<Node *> Kept;
    unsigned ChildDepth = N->isStage() ? Depth : Depth + 1;
    for (Node *C : N->children()) {
      if (!Hidden(*C, ChildDepth)) {
        Kept.push_back(C);
        Stack.push_back({C, ChildDepth});
        continue;
      }
      NodeExtra &X = N->getOrCreateExtra();
      ++NumHiddenSubtrees;
      CallGraph::walkPreOrder(C, [&](Node *H) {
        ++X.HiddenNodes;
        ++NumHiddenNodes;
        X.HiddenCalls += H->calls();
        X.HiddenOps += H->ops();
        if (const NodeExtra *HX = H->extra()) {
          X.HiddenNodes += HX->HiddenNodes;
          X.HiddenCalls += HX->HiddenCalls;
          X.HiddenOps += HX->HiddenOps;
        }
      });
    }
    N->children() = std::move(Kept);
  }
  return true;
}

std::unique_ptr<Pass> dsocr::createPrunePass() {
  return std::make_unique<Prune>();
}
