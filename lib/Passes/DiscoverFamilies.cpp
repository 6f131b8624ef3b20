//===- DiscoverFamilies.cpp - Find indexed sibling families ---------------===//
//
// discover-families records, on each node, the families among its children:
// siblings `base.0`, `base.1`, ... (list indices), named families
// (`layer1`, `Mixed_6b`), and families the profile lists by name. A family is
// split into homogeneous runs (consecutive indices of one class); each run of
// at least -min-family-size members is recorded with
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
#include "dsocr/IR/Metadata.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/Likeness.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Passes/Signature.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Address.h"

#include "llvm/ADT/DenseSet.h"
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
  std::vector<std::pair<uint64_t, Node *>> Members; // in index order
  std::vector<std::pair<uint64_t, const Node *>> Active;
};

Candidate makeCandidate(Node *P, FamilyRun &&R) {
  Candidate Cand{P, std::move(R.F), std::move(R.Members), {}};
  for (const auto &[Index, C] : Cand.Members)
    if (!Cand.F.Inactive.contains(Index))
      Cand.Active.push_back({Index, C});
  return Cand;
}

} // namespace

/// The families the profile lists by name among P's children (`families`):
/// the members present, of one class, at least MinSize of them. Taken gets
/// the members, which no other family may have.
static void findListedFamilies(Node *P, const Profile &Prof, unsigned MinSize,
                               std::vector<Candidate> &Out,
                               llvm::DenseSet<const Node *> &Taken) {
  std::vector<const FamilyRule *> Rules = Prof.familiesAt(P->address());
  if (Rules.empty())
    return;
  llvm::StringMap<Node *> ByName;
  for (Node *C : P->children())
    ByName.try_emplace(P->isRoot()
                           ? C->address()
                           : C->address().drop_front(P->address().size() + 1),
                       C);
  for (const FamilyRule *Rule : Rules) {
    FamilyRun R;
    for (uint64_t I = 0; I < Rule->Members.size(); ++I) {
      Node *C = ByName.lookup(Rule->Members[I]);
      if (!C || Taken.count(C))
        continue;
      if (!R.Members.empty() &&
          C->className() != R.Members.front().second->className())
        continue; // of another class: not a member
      R.Members.push_back({I, C});
    }
    if (R.Members.size() < std::max(2u, MinSize))
      continue;
    Family &F = R.F;
    F.Base = P->isRoot() ? "" : P->address().str();
    F.Style = IndexStyle::Listed;
    F.Names = Rule->Members;
    F.ClassName = R.Members.front().second->className().str();
    F.Note = Rule->Note;
    if (Rule->FanOut) {
      F.Kind = *Rule->FanOut ? FoldKind::ParFor : FoldKind::For;
      if (*Rule->FanOut)
        F.Reason = "listed by the profile (" + Rule->Match + ")";
    }
    F.Loc = R.Members.front().second->loc();
    for (const auto &[Index, C] : R.Members) {
      F.Members.insert(Index);
      if (C->activeInstances() == 0)
        F.Inactive.insert(Index);
      Taken.insert(C);
    }
    Out.push_back(makeCandidate(P, std::move(R)));
  }
}

/// 1. Candidate runs, in tree order: the families the profile lists, then
/// runs of one class, consecutive indices, next to one another among their
/// parent's called children.
static std::vector<Candidate> findCandidates(CallGraph &G, const Profile &Prof,
                                             unsigned MinSize) {
  std::vector<Candidate> Candidates;
  FamilyRunOptions O;
  O.MinSize = MinSize;
  O.Contiguous = true;
  llvm::DenseSet<const Node *> Taken;
  G.walkPreOrder([&](Node *P) {
    if (P->hasExtra())
      P->getOrCreateExtra().Families.clear(); // the pass is idempotent
    if (P->children().empty())
      return;
    if (!Prof.Families.empty())
      findListedFamilies(P, Prof, MinSize, Candidates, Taken);
    for (FamilyRun &R : findFamilyRunsWithMembers(*P, O)) {
      // A family the profile lists wins over a run with its members.
      if (!Taken.empty() && llvm::any_of(R.Members, [&](const auto &M) {
            return Taken.count(M.second) != 0;
          }))
        continue;
      Candidates.push_back(makeCandidate(P, std::move(R)));
    }
  });
  return Candidates;
}

/// Evidence in the trace that a family is a fan-out (members dispatched
/// by a router), or an empty string.
static std::string fanOutEvidence(const Candidate &C) {
  if (!C.F.Inactive.empty())
    return "never-called members";
  // A router gives its experts different shares of the work: different
  // numbers of calls, or inputs that differ only in their first dimension
  // (the tokens each got). Members of a depth stack are called alike and
  // change other dimensions, if any.
  if (C.Active.size() < 2)
    return "";
  bool CallsDiffer = llvm::any_of(C.Active, [&](const auto &M) {
    return M.second->calls() != C.Active.front().second->calls();
  });
  if (CallsDiffer)
    return "members called different numbers of times";
  llvm::Optional<CallTensors> First;
  bool FirstDimDiffers = false;
  for (const auto &[Index, M] : C.Active) {
    // The member's first call (signatures are in call order).
    MetadataSummary S = summaryOf(*M);
    if (S.Signatures.empty() || !S.Signatures.front().Inputs ||
        S.Signatures.front().Inputs->empty())
      return "";
    const CallTensors &Input = *S.Signatures.front().Inputs;
    if (!First) {
      First = Input;
      continue;
    }
    if (Input.size() != First->size())
      return "";
    for (size_t T = 0; T < First->size(); ++T) {
      const auto &A = (*First)[T].Shape, &B = Input[T].Shape;
      if (A.size() != B.size() || A.empty() ||
          !std::equal(A.begin() + 1, A.end(), B.begin() + 1))
        return "";
      FirstDimDiffers |= A.front() != B.front();
    }
  }
  return FirstDimDiffers ? "member inputs differ in their first dimension" : "";
}

/// 2. Kinds. Evidence of a fan-out spreads to every family at the same
/// place (indices wildcarded) with the same class.
static void assignKinds(std::vector<Candidate> &Candidates,
                        const Profile &Prof) {
  llvm::StringMap<std::string> FanOutEvidence; // place -> a base
  auto PlaceOf = [](const Family &F) {
    return wildcardIndices(F.Base) + '\x1f' + F.Stem + '\x1f' +
           indexStyleName(F.Style).str() + '\x1f' + F.ClassName;
  };
  for (Candidate &C : Candidates) {
    if (C.F.Kind == FoldKind::For)
      continue; // a stack, as the profile lists it
    const FanOutRule *Rule =
        C.F.Style == IndexStyle::Listed ? nullptr : Prof.fanOutFor(C.F.Base);
    if (C.F.Kind == FoldKind::ParFor) {
      // a fan-out, as the profile lists it
    } else if (Rule) {
      C.F.Kind = FoldKind::ParFor;
      C.F.Reason = "named by the profile (" + Rule->Match + ")";
      C.F.Note = Rule->Note;
    } else if (std::string Why = fanOutEvidence(C); !Why.empty()) {
      C.F.Kind = FoldKind::ParFor;
      C.F.Reason = Why;
    } else {
      continue;
    }
    // The evidence named is the first family in address order, which does
    // not change when siblings come in another order.
    auto Ins = FanOutEvidence.try_emplace(PlaceOf(C.F), C.F.Base);
    if (!Ins.second && NaturalOrder()(C.F.Base, Ins.first->getValue()))
      Ins.first->getValue() = C.F.Base;
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

/// Records each family on its parent; returns where each went.
static std::vector<size_t> recordFamilies(std::vector<Candidate> &Candidates) {
  std::vector<size_t> Position(Candidates.size());
  for (size_t I = 0; I < Candidates.size(); ++I) {
    Candidate &C = Candidates[I];
    auto &Families = C.Parent->getOrCreateExtra().Families;
    Position[I] = Families.size();
    Families.push_back(C.F);
  }
  return Position;
}

/// 3. Depth stacks fold only what is alike (Likeness.h): each is cut where
/// a member is unlike the first of its piece; fan-outs stay whole.
static std::vector<Candidate> cutUnlike(std::vector<Candidate> &Candidates,
                                        MemberLikeness &Like,
                                        unsigned MinSize) {
  std::vector<Candidate> Out;
  for (Candidate &C : Candidates) {
    // Fan-outs, and families the profile lists, stay whole.
    if (C.F.Kind != FoldKind::For || C.F.Style == IndexStyle::Listed) {
      Out.push_back(std::move(C));
      continue;
    }
    auto Pieces = cutUnlikeMembers(
        C.Members, 0, C.Members.size(),
        [&](const Node &A, const Node &B) { return Like.alike(A, B); });
    // A named family is one set: alike as a whole, or no family.
    if (!C.F.Stem.empty() && Pieces.size() > 1)
      continue;
    for (auto [B, E] : Pieces) {
      if (E - B < std::max(1u, MinSize))
        continue;
      FamilyRun R;
      R.F = C.F;
      R.F.Members = IndexSet();
      R.F.Inactive = IndexSet();
      for (size_t K = B; K < E; ++K) {
        R.F.Members.insert(C.Members[K].first);
        if (C.Members[K].second->activeInstances() == 0)
          R.F.Inactive.insert(C.Members[K].first);
      }
      R.F.Loc = C.Members[B].second->loc();
      R.Members.assign(C.Members.begin() + B, C.Members.begin() + E);
      Out.push_back(makeCandidate(C.Parent, std::move(R)));
    }
  }
  return Out;
}

/// The active members that are not inside another candidate's member (the
/// members of nested families are inside them), in one walk of the tree.
static std::vector<const Node *>
outermostMembers(CallGraph &G, const std::vector<Candidate> &Candidates) {
  for (const Candidate &C : Candidates)
    for (const auto &[Index, M] : C.Active)
      const_cast<Node *>(M)->setScratch(1);
  std::vector<const Node *> Roots;
  std::vector<Node *> Stack{G.root()};
  while (!Stack.empty()) {
    Node *N = Stack.back();
    Stack.pop_back();
    if (N->scratch() == 1) {
      Roots.push_back(N); // its subtree holds the nested members
      continue;
    }
    for (Node *C : N->children())
      Stack.push_back(C);
  }
  for (const Candidate &C : Candidates)
    for (const auto &[Index, M] : C.Active)
      const_cast<Node *>(M)->setScratch(0);
  return Roots;
}

bool DiscoverFamilies::run(CallGraph &G, PassContext &Ctx) {
  unsigned MinSize = std::max(1u, Ctx.Options.MinFamilySize);
  std::vector<Candidate> Candidates = findCandidates(G, Ctx.Prof, MinSize);
  assignKinds(Candidates, Ctx.Prof);
  // Record, then compute signatures, which see the fan-out records (so
  // that routing does not make two MoE layers differ); then cut the stacks
  // where members are unlike and record again.
  recordFamilies(Candidates);
  StructuralSignatures Sigs;
  unsigned Threads =
      llvm::hardware_concurrency(Ctx.Options.Threads).compute_thread_count();
  // Signatures of the outermost members first, on several threads.
  if (Threads > 1 && G.nodeCount() >= Ctx.Options.ParallelFrom)
    Sigs.computeInParallel(outermostMembers(G, Candidates), Threads);
  MemberLikeness Like(G, Sigs);
  std::vector<Candidate> Cut = cutUnlike(Candidates, Like, MinSize);
  for (Candidate &C : Candidates)
    if (C.Parent->hasExtra())
      C.Parent->getOrCreateExtra().Families.clear();
  Candidates = std::move(Cut);
  std::vector<size_t> Position = recordFamilies(Candidates);
  for (size_t I = 0; I < Candidates.size(); ++I) {
    Candidate &C = Candidates[I];
    ++(C.F.Kind == FoldKind::ParFor ? NumFanOutFamilies : NumStackFamilies);
    C.Parent->getOrCreateExtra().Families[Position[I]].Shapes =
        Sigs.partition(C.Active);
  }
  G.root()->getOrCreateExtra().FamiliesDiscovered = true;
  return true;
}

std::unique_ptr<Pass> dsocr::createDiscoverFamiliesPass() {
  return std::make_unique<DiscoverFamilies>();
}
