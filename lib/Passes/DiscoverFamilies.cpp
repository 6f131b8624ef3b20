//===- DiscoverFamilies.cpp - Find indexed sibling families ---------------===//
//
// discover-families records, on each node, the families among its children:
// siblings `base.0`, `base.1`, ... (list indices). A family is split into
// homogeneous runs (consecutive indices of one class); each run of at least
// -min-family-size members is recorded with
//
//  * its kind: `parfor` (a fan-out dispatched by a router) when the profile
//    names it, when some member was never called, or when a family at the
//    same place in another instance (same address with indices wildcarded,
//    same class) is a fan-out; otherwise `for` (a depth stack);
//  * its never-called members;
//  * its shapes: the called members partitioned by structural signature
//    (class, child signatures, calls per call; op counts kept apart).
//
// It changes no node; fold-for and fold-parfor consume the records.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Passes/Signature.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Address.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Threading.h"

#include <algorithm>

#define DEBUG_TYPE "discover-families"

STATISTIC(NumStackFamilies, "Number of depth-stack families (for)");
STATISTIC(NumFanOutFamilies, "Number of fan-out families (parfor)");

using namespace dsocr;

namespace {

class DiscoverFamilies : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;
};

struct Candidate {
  Node *Parent;
  Family F;
  std::vector<std::pair<uint64_t, const Node *>> Active;
};

} // namespace

/// 1. Candidate runs, in tree order.
static std::vector<Candidate> findCandidates(CallGraph &G, unsigned MinSize) {
  std::vector<Candidate> Candidates;
  G.walkPreOrder([&](Node *P) {
    if (P->hasExtra())
      P->getOrCreateExtra().Families.clear(); // the pass is idempotent
    if (P->children().empty())
      return;
    for (FamilyRun &R : findFamilyRunsWithMembers(*P, MinSize)) {
      Candidate Cand{P, std::move(R.F), {}};
      for (const auto &[Index, C] : R.Members)
        if (!Cand.F.Inactive.contains(Index))
          Cand.Active.push_back({Index, C});
      Candidates.push_back(std::move(Cand));
    }
  });
  return Candidates;
}

/// 2. Kinds. Evidence of a fan-out spreads to every family at the same
/// place (indices wildcarded) with the same class.
static void assignKinds(std::vector<Candidate> &Candidates,
                        const Profile &Prof) {
  llvm::StringMap<std::string> FanOutEvidence; // place -> first base
  auto PlaceOf = [](const Family &F) {
    return wildcardIndices(F.Base) + '\x1f' + F.ClassName;
  };
  for (Candidate &C : Candidates) {
    if (const FanOutRule *Rule = Prof.fanOutFor(C.F.Base)) {
      C.F.Kind = FoldKind::ParFor;
      C.F.Reason = "named by the profile";
      C.F.Note = Rule->Note;
    } else if (!C.F.Inactive.empty()) {
      C.F.Kind = FoldKind::ParFor;
      C.F.Reason = "never-called members";
    } else {
      continue;
    }
    FanOutEvidence.try_emplace(PlaceOf(C.F), C.F.Base);
  }
  for (Candidate &C : Candidates) {
    if (C.F.Kind != FoldKind::None)
      continue;
    auto It = FanOutEvidence.empty() ? FanOutEvidence.end()
                                     : FanOutEvidence.find(PlaceOf(C.F));
    if (It != FanOutEvidence.end()) {
      C.F.Kind = FoldKind::ParFor;
      C.F.Reason = "a fan-out like " + It->getValue();
    } else {
      C.F.Kind = FoldKind::For;
    }
  }
}

/// 3. Records each family on its parent; returns where each went.
static std::vector<size_t> recordFamilies(std::vector<Candidate> &Candidates) {
  std::vector<size_t> Position(Candidates.size());
  for (size_t I = 0; I < Candidates.size(); ++I) {
    Candidate &C = Candidates[I];
    ++(C.F.Kind == FoldKind::ParFor ? NumFanOutFamilies : NumStackFamilies);
    auto &Families = C.Parent->getOrCreateExtra().Families;
    Position[I] = Families.size();
    Families.push_back(C.F);
  }
  return Position;
}

/// The active members that are not inside another candidate's member: the
/// members of nested families are inside them.
static std::vector<const Node *>
outermostMembers(const std::vector<Candidate> &Candidates) {
  for (const Candidate &C : Candidates)
    for (const auto &[Index, M] : C.Active)
      const_cast<Node *>(M)->setScratch(1);
  std::vector<const Node *> Roots;
  for (const Candidate &C : Candidates)
    for (const auto &[Index, M] : C.Active) {
      bool Nested = false;
      for (const Node *A = M->parent(); A && !Nested; A = A->parent())
        Nested = A->scratch() == 1;
      if (!Nested)
        Roots.push_back(M);
    }
  for (const Candidate &C : Candidates)
    for (const auto &[Index, M] : C.Active)
      const_cast<Node *>(M)->setScratch(0);
  return Roots;
}

bool DiscoverFamilies::run(CallGraph &G, PassContext &Ctx) {
  std::vector<Candidate> Candidates =
      findCandidates(G, std::max(1u, Ctx.Options.MinFamilySize));
  assignKinds(Candidates, Ctx.Prof);
  // Record, then compute shapes (signatures see the fan-out records).
  std::vector<size_t> Position = recordFamilies(Candidates);
  StructuralSignatures Sigs;
  unsigned Threads =
      llvm::hardware_concurrency(Ctx.Options.Threads).compute_thread_count();
  // Signatures of the outermost members first, on several threads.
  if (Threads > 1 && G.nodeCount() >= Ctx.Options.ParallelFrom)
    Sigs.computeInParallel(outermostMembers(Candidates), Threads);
  for (size_t I = 0; I < Candidates.size(); ++I) {
    Candidate &C = Candidates[I];
    C.Parent->getOrCreateExtra().Families[Position[I]].Shapes =
        Sigs.partition(C.Active);
  }
  G.root()->getOrCreateExtra().FamiliesDiscovered = true;
  return true;
}

std::unique_ptr<Pass> dsocr::createDiscoverFamiliesPass() {
  return std::make_unique<DiscoverFamilies>();
}
