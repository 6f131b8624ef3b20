//===- ParseEdges.cpp - Build the call tree from a trace ------------------===//
//
// parse-edges turns the trace form into the tree form:
//
//  * both ends of every edge must be called modules; the edges must not form
//    a cycle;
//  * a called module hangs off its dynamic caller (the edge `P->C`); with no
//    caller, off its nearest called ancestor in module_children; else off
//    the implicit root, which is called once; a module with several callers
//    stays under its owner in the static hierarchy and records every caller
//    in shared_by;
//  * never-called modules: list containers (`layers`, `sam_model.blocks`)
//    that have called descendants disappear, their children attach higher up;
//    other never-called modules (`vision_model.embeddings.patch_embedding`,
//    routed-out experts) stay as nodes with calls=0 under their nearest
//    module ancestor;
//  * children are in execution order: module_children (call order), else
//    first-call order (the key order of call_counts), never-called ones
//    last in natural address order; calls per caller call are computed; the
//    root records the trace's total calls and ops, which later passes
//    conserve.
//
// Edge weights are op counts, never call counts: they are only checked
// against the ops of the callee's subtree (a warning if they disagree).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRParser.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>

#define DEBUG_TYPE "parse-edges"

STATISTIC(NumCalledModules, "Number of called modules");
STATISTIC(NumNeverCalledModules, "Number of never-called modules kept");
STATISTIC(NumContainers, "Number of never-called list containers dropped");
STATISTIC(NumSharedModules, "Number of modules with several callers");
STATISTIC(NumStaticFallbacks,
          "Number of modules placed by module_children, having no caller");

using namespace dsocr;
using llvm::Twine;

namespace {

/// Scratch marks used by this pass.
enum : uint8_t { Unvisited = 0, OnPath = 1, Done = 2, Container = 3 };

class ParseEdges : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;

private:
  bool checkEdges(CallGraph &G, Diagnostics &Diags);
  bool findCycle(const std::vector<Node *> &Modules, Diagnostics *Diags);
  bool placeModules(CallGraph &G, const std::vector<Node *> &Modules,
                    Diagnostics &Diags);
  bool finishTree(CallGraph &G, Diagnostics &Diags);

  Node *Root = nullptr;
  /// Modules placed in the tree (given a parent).
  size_t Placed = 0;
  /// Modules with several callers.
  std::vector<Node *> SharedModules;
  /// Totals of the trace, and the first module at which they overflow.
  uint64_t TotalCalls = 0, TotalOps = 0;
  const Node *OverflowAt = nullptr;
  /// The warning about edge weights, if any (given once the tree is good).
  std::string WeightWarning;
  const char *WeightWarningLoc = nullptr;
};

bool isCalled(const Node *N) { return N->hasCallCount() && N->calls() > 0; }

} // namespace

/// The number of dynamic callers of N and the I-th of them.
static size_t callerCount(const Node *N) {
  return (N->firstCaller().Caller ? 1 : 0) +
         (N->hasExtra() ? N->extra()->MoreCallers.size() : 0);
}
static const EdgeRef &callerAt(const Node *N, size_t I) {
  return I == 0 ? N->firstCaller() : N->extra()->MoreCallers[I - 1];
}

bool ParseEdges::checkEdges(CallGraph &G, Diagnostics &Diags) {
  // Report the problem that comes first in the input.
  const char *BadLoc = nullptr;
  std::string Message;
  auto Note = [&](const char *Loc, std::string Msg) {
    if (!BadLoc || (Loc && Loc < BadLoc)) {
      BadLoc = Loc;
      Message = std::move(Msg);
    }
  };
  G.forEachModule([&](Node *N) {
    for (size_t I = 0, E = callerCount(N); I < E; ++I) {
      const EdgeRef &Edge = callerAt(N, I);
      bool CalleeCalled = isCalled(N);
      if (CalleeCalled && isCalled(Edge.Caller))
        continue;
      const Node *Uncalled = CalleeCalled ? Edge.Caller : N;
      Note(Edge.Loc, "edge '" +
                         (Edge.Caller->address() + "->" + N->address()).str() +
                         (CalleeCalled ? "' leaves '" : "' enters '") +
                         Uncalled->address().str() +
                         "', which has no call count (it is not in "
                         "call_counts, or its count is 0)");
    }
    if (!isCalled(N) && N->ops() > 0)
      Note(N->loc(), "module '" + N->address().str() + "' has " +
                         std::to_string(N->ops()) + " ops but is never called");
    if (!OverflowAt &&
        (__builtin_add_overflow(TotalCalls, N->calls(), &TotalCalls) ||
         __builtin_add_overflow(TotalOps, N->ops(), &TotalOps)))
      OverflowAt = N;
  });
  if (!Message.empty()) {
    Diags.error(BadLoc, Message);
    return false;
  }
  return true;
}

bool ParseEdges::findCycle(const std::vector<Node *> &Modules,
                           Diagnostics *Diags) {
  // Depth-first search along caller links; a link back to a node on the
  // current path closes a cycle, which is reported when Diags is given.
  struct Frame {
    Node *N;
    size_t Next;
  };
  bool Found = false;
  std::vector<Frame> Stack;
  for (Node *Start : Modules) {
    if (Found || Start->scratch() != Unvisited)
      continue;
    Start->setScratch(OnPath);
    Stack.push_back({Start, 0});
    while (!Stack.empty() && !Found) {
      Frame &F = Stack.back();
      if (F.Next == callerCount(F.N)) {
        F.N->setScratch(Done);
        Stack.pop_back();
        continue;
      }
      const EdgeRef &E = callerAt(F.N, F.Next++);
      Node *C = E.Caller;
      if (C->scratch() == OnPath) {
        Found = true;
        if (!Diags)
          break;
        // Stack[i + 1] calls Stack[i], and C calls the top frame.
        std::string Path = C->address().str();
        for (auto It = Stack.rbegin(); It != Stack.rend(); ++It) {
          Path += " -> " + It->N->address().str();
          if (It->N == C)
            break;
        }
        Diags->error(E.Loc, "the edges form a cycle: module '" + C->address() +
                                "' is its own caller (" + Path + ")");
        break;
      }
      if (C->scratch() == Unvisited) {
        C->setScratch(OnPath);
        Stack.push_back({C, 0});
      }
    }
    Stack.clear();
  }
  // Without a cycle every module is left Done, which the placement below
  // tells apart from Container; the marks are cleared at the end.
  if (Found)
    for (Node *M : Modules)
      M->setScratch(Unvisited);
  return Found;
}

namespace {
/// The trees of a forest that grows one link at a time, as a disjoint-set
/// forest (path halving): which tree a node is in, and so whether a new link
/// would close a cycle, in amortised near-constant time.
class GrowingForest {
public:
  explicit GrowingForest(uint32_t Size) : Up(Size) {
    for (uint32_t I = 0; I < Size; ++I)
      Up[I] = I;
  }
  /// The top of N's tree (a node with no parent yet).
  uint32_t top(uint32_t N) {
    while (Up[N] != N) {
      Up[N] = Up[Up[N]];
      N = Up[N];
    }
    return N;
  }
  /// Links the tree topped by Top below node P.
  void link(uint32_t Top, uint32_t P) { Up[Top] = P; }

private:
  std::vector<uint32_t> Up;
};
} // namespace

namespace {
/// Where every module goes (ParseEdges::placeModules), one step a method.
/// Every step is linear in the modules (or n log n where it sorts): walks up
/// the static hierarchy are cut short by marks and memos, and cycles are
/// found with a disjoint-set forest, never by walking ancestors.
class ModulePlacer {
public:
  ModulePlacer(CallGraph &G, Node *Root)
      : G(G), Root(Root), Forest(G.nodeCount()) {}

  void markContainers(const std::vector<Node *> &Modules);
  void sortOut(const std::vector<Node *> &Modules);
  void placeOrphans();
  void placeShared();
  bool placeNeverCalled(Diagnostics &Diags);
  void clearContainerMarks();

  size_t placed() const { return Placed; }
  std::vector<Node *> takeShared() { return std::move(Shared); }

private:
  void place(Node *N, Node *P) {
    N->setParent(P);
    P->children().push_back(N); // ordered later, in finishTree
    Forest.link(N->id(), P->id());
    ++Placed;
  }
  /// True if hanging N off P would put N below itself.
  bool belowItself(Node *N, Node *P) {
    return Forest.top(P->id()) == N->id(); // N tops its own tree
  }
  Node *staticCaller(Node *N);
  Node *staticModule(Node *N);
  template <typename PredT> Node *addressAncestor(const Node *N, PredT Pred);

  CallGraph &G;
  Node *Root;
  GrowingForest Forest;
  size_t Placed = 0;
  std::vector<Node *> Shared, Orphans, Dead, Containers;
  // The answers of staticCaller and staticModule for the modules walked.
  llvm::DenseMap<const Node *, Node *> CalledAbove, ModuleAbove;
};
} // namespace

/// A never-called module with a called descendant (by module_children or
/// by address) is a list container such as a ModuleList: it never ran
/// forward itself, so it gets no node.
void ModulePlacer::markContainers(const std::vector<Node *> &Modules) {
  llvm::StringRef LastPrefix;
  for (Node *N : Modules) {
    if (!isCalled(N))
      continue;
    for (Node *P = N->staticParent();
         P && !isCalled(P) && P->scratch() != Container; P = P->staticParent())
      P->setScratch(Container);
    llvm::StringRef A = addressParent(N->address());
    // Most modules are called by the module their address is under; and
    // siblings share a prefix (the experts of one MoE layer): no lookup.
    const Node *Caller = N->firstCaller().Caller ? N->firstCaller().Caller
                                                 : N->staticParent();
    if (A.empty() || (Caller && Caller->address() == A) || A == LastPrefix)
      continue;
    LastPrefix = A;
    while (!A.empty()) {
      Node *P = G.lookupModule(A);
      if (P && isCalled(P))
        break;
      if (P) {
        if (P->scratch() == Container)
          break; // already marked, and so are its prefixes
        P->setScratch(Container);
      }
      A = addressParent(A);
    }
  }
}

/// The nearest static ancestor of N that satisfies Pred, or null. Every
/// module walked past remembers the answer in Memo, so that a long chain of
/// them is walked once.
template <typename PredT>
static Node *nearestStaticAncestor(Node *N, PredT Pred,
                                   llvm::DenseMap<const Node *, Node *> &Memo) {
  llvm::SmallVector<Node *, 8> Path;
  Node *Found = nullptr;
  for (Node *P = N->staticParent(); P; P = P->staticParent()) {
    if (Pred(P)) {
      Found = P;
      break;
    }
    auto It = Memo.find(P);
    if (It != Memo.end()) {
      Found = It->second;
      break;
    }
    Path.push_back(P);
  }
  for (Node *P : Path)
    Memo[P] = Found;
  return Found;
}

/// The nearest called static ancestor (skipping containers and other
/// never-called modules), or null.
Node *ModulePlacer::staticCaller(Node *N) {
  return nearestStaticAncestor(N, isCalled, CalledAbove);
}

/// The nearest static ancestor that is not a list container, or null.
Node *ModulePlacer::staticModule(Node *N) {
  return nearestStaticAncestor(
      N, [](const Node *P) { return P->scratch() != Container; }, ModuleAbove);
}

/// The nearest ancestor by address that satisfies Pred, or null.
template <typename PredT>
Node *ModulePlacer::addressAncestor(const Node *N, PredT Pred) {
  for (llvm::StringRef A = addressParent(N->address()); !A.empty();
       A = addressParent(A))
    if (Node *S = G.lookupModule(A); S && Pred(S))
      return S;
  return nullptr;
}

/// 1. Modules with exactly one caller hang off it. The caller links are
/// acyclic (checked before), so these links form a forest. The others are
/// sorted out for the steps below.
void ModulePlacer::sortOut(const std::vector<Node *> &Modules) {
  for (Node *N : Modules) {
    if (!isCalled(N)) {
      if (N->scratch() == Container) {
        ++NumContainers;
        Containers.push_back(N);
      } else {
        Dead.push_back(N);
      }
      continue;
    }
    ++NumCalledModules;
    size_t Callers = callerCount(N);
    if (Callers == 1)
      place(N, N->firstCaller().Caller);
    else if (Callers > 1)
      Shared.push_back(N);
    else
      Orphans.push_back(N);
  }
  llvm::sort(Orphans, NaturalOrder());
  llvm::sort(Shared, NaturalOrder());
}

/// 2. Modules without a caller hang off their nearest called static
/// ancestor, unless that would put a module below its own descendant
/// (decided in natural order); else off the root.
void ModulePlacer::placeOrphans() {
  for (Node *N : Orphans) {
    Node *P = staticCaller(N);
    if (P && !belowItself(N, P)) {
      place(N, P);
      ++NumStaticFallbacks;
    } else {
      place(N, Root);
    }
  }
}

/// 3. Modules with several callers stay home: under their owner in the
/// static hierarchy (the nearest called static ancestor, else the nearest
/// called ancestor by address), with every caller recorded in shared_by;
/// off the root when they have no owner or the owner is below them.
void ModulePlacer::placeShared() {
  for (Node *N : Shared) {
    Node *Owner = staticCaller(N);
    if (!Owner)
      Owner = addressAncestor(N, isCalled);
    if (!Owner || belowItself(N, Owner))
      Owner = Root;
    std::vector<std::string> Names;
    for (size_t I = 0, E = callerCount(N); I < E; ++I)
      Names.push_back(callerAt(N, I).Caller->address().str());
    llvm::sort(Names, NaturalOrder());
    place(N, Owner);
    N->getOrCreateExtra().SharedBy = std::move(Names);
    ++NumSharedModules;
  }
}

/// 4. Never-called modules: under the nearest module ancestor that is not
/// a container (static hierarchy first, then address prefixes).
/// module_children and the addresses can contradict each other (`a` listed
/// under `a.b`): that is an error, not a guess.
bool ModulePlacer::placeNeverCalled(Diagnostics &Diags) {
  for (Node *N : Dead) {
    Node *P = staticModule(N);
    if (!P)
      P = addressAncestor(
          N, [](const Node *S) { return S->scratch() != Container; });
    if (P && belowItself(N, P)) {
      bool Static = N->staticParent() != nullptr;
      Diags.error(Static ? N->staticLoc() : N->loc(),
                  "module '" + N->address() + "' would be its own ancestor: " +
                      (Static ? "module_children puts" : "its address puts") +
                      " it under '" + P->address() + "', which is below it");
      return false;
    }
    place(N, P ? P : Root);
    ++NumNeverCalledModules;
  }
  return true;
}

void ModulePlacer::clearContainerMarks() {
  for (Node *C : Containers)
    C->setScratch(Unvisited); // placed modules are cleared in finishTree
}

bool ParseEdges::placeModules(CallGraph &G, const std::vector<Node *> &Modules,
                              Diagnostics &Diags) {
  ModulePlacer P(G, Root);
  P.markContainers(Modules);
  P.sortOut(Modules);
  P.placeOrphans();
  P.placeShared();
  bool OK = P.placeNeverCalled(Diags);
  Placed += P.placed();
  if (!OK)
    return false;
  P.clearContainerMarks();
  SharedModules = P.takeShared();
  return true;
}

/// Children in execution order: called children in the order the model
/// first called them -- their module_children list when it holds them all
/// (TorchLens lists called children in call order; the list survives a
/// reordering of the trace's keys), else first-call order (the key order of
/// call_counts: the root's children have no list) -- then never-called
/// children, which no list holds, in natural address order.
static void orderChildren(Node *N) {
  auto &Kids = N->children();
  if (Kids.size() < 2)
    return;
  bool Listed = llvm::all_of(Kids, [N](const Node *C) {
    return C->calls() == 0 || C->staticParent() == N;
  });
  std::sort(Kids.begin(), Kids.end(), [N, Listed](Node *A, Node *B) {
    bool CA = A->calls() > 0, CB = B->calls() > 0;
    if (CA != CB)
      return CA; // called children first
    if (CA && Listed && A->staticIndex() != B->staticIndex())
      return A->staticIndex() < B->staticIndex();
    if (CA && !Listed && A->callOrder() != B->callOrder())
      return A->callOrder() < B->callOrder();
    return NaturalOrder()(A, B);
  });
}

namespace {
/// Compares the edge weights into each module with the ops of its subtree;
/// the first disagreement in the input, and how many there are, make one
/// warning.
struct EdgeWeightCheck {
  unsigned Mismatches = 0;
  const char *FirstLoc = nullptr;
  std::string First;

  void check(const Node *N, uint64_t Have) {
    size_t Callers = callerCount(N);
    if (Callers == 0)
      return;
    uint64_t Sum = 0;
    for (size_t I = 0; I < Callers; ++I)
      Sum += callerAt(N, I).Ops;
    if (Sum == Have)
      return;
    ++Mismatches;
    if (!FirstLoc || N->firstCaller().Loc < FirstLoc) {
      FirstLoc = N->firstCaller().Loc;
      First = "edge weights into '" + N->address().str() + "' sum to " +
              std::to_string(Sum) + " ops but its subtree has " +
              std::to_string(Have) + " ops";
    }
  }
  /// The warning, or "" if every weight agreed.
  std::string warning() const {
    if (Mismatches <= 1)
      return First;
    return First + " (and " + std::to_string(Mismatches - 1) +
           " more edges disagree)";
  }
};
} // namespace

/// The modules with several callers and all their callers.
static llvm::DenseSet<const Node *>
sharedAndCallers(const std::vector<Node *> &SharedModules) {
  llvm::DenseSet<const Node *> Out;
  for (const Node *S : SharedModules) {
    Out.insert(S);
    for (size_t I = 0, E = callerCount(S); I < E; ++I)
      Out.insert(callerAt(S, I).Caller);
  }
  return Out;
}

bool ParseEdges::finishTree(CallGraph &G, Diagnostics &Diags) {
  // One depth-first walk from the root: every placed node must be reached
  // (no cycle through the static fallback) and depth stays within the limit
  // the IR parser accepts; on the way down children are ordered and calls
  // per caller call set, on the way up inclusive ops are summed and checked
  // against the weights of the edges into each module (a warning).
  struct Frame {
    Node *N;
    size_t Next;
    uint64_t Inclusive;
    // The subtree holds a module with several callers, or one of its
    // callers: its ops in the tree differ from the ops that ran inside it,
    // so the edge weights are not checked.
    bool Shared;
  };
  llvm::DenseSet<const Node *> SharedOrCaller = sharedAndCallers(SharedModules);
  std::vector<Frame> Stack;
  size_t Reached = 0;
  EdgeWeightCheck Weights;
  auto Enter = [&](Node *N) {
    ++Reached;
    N->setScratch(Unvisited);
    orderChildren(N);
    if (!N->isRoot()) {
      N->setHasCallCount(true);
      N->setHasOpCount(true);
      if (!N->hasExtra() || N->extra()->SharedBy.empty())
        N->setPerCall(PerCall::ratio(N->calls(), N->parent()->calls()));
    }
    Stack.push_back({N, 0, N->ops(), SharedOrCaller.count(N) != 0});
  };
  Enter(Root);
  while (!Stack.empty()) {
    Frame &F = Stack.back();
    if (F.Next < F.N->children().size()) {
      Node *C = F.N->children()[F.Next++];
      if (Stack.size() >= MaxIRNesting) {
        Diags.error(C->loc(), "the call tree is deeper than " +
                                  Twine(MaxIRNesting) + " levels at '" +
                                  C->address() + "'");
        return false;
      }
      Enter(C);
      continue;
    }
    Node *N = F.N;
    uint64_t Have = F.Inclusive;
    bool Shared = F.Shared;
    Stack.pop_back();
    if (!Stack.empty()) {
      Stack.back().Inclusive += Have;
      Stack.back().Shared |= Shared;
    }
    if (!N->isRoot() && N->parent() != Root && !Shared)
      Weights.check(N, Have);
  }
  if (Reached != Placed + 1) { // + the root; placement links no cycle
    Diags.error(nullptr, "internal error: " + Twine(Placed + 1 - Reached) +
                             " modules do not reach the root");
    return false;
  }
  if (Weights.Mismatches) {
    WeightWarningLoc = Weights.FirstLoc;
    WeightWarning = Weights.warning();
  }
  return true;
}

bool ParseEdges::run(CallGraph &G, PassContext &Ctx) {
  Diagnostics &Diags = Ctx.Diags;
  Placed = 0;
  TotalCalls = TotalOps = 0;
  OverflowAt = nullptr;
  WeightWarning.clear();
  WeightWarningLoc = nullptr;
  if (!checkEdges(G, Diags))
    return false;
  // Work in first-mention order; only what must be ordered is sorted. A
  // cycle is looked for again in natural order, so the report does not
  // depend on the input's key order.
  const std::vector<Node *> &Modules = G.modules();
  if (findCycle(Modules, nullptr)) {
    findCycle(G.modulesInOrder(), &Diags);
    return false;
  }

  Root = G.createNode(NodeKind::Root, "", "");
  Root->setCalls(1);
  bool OK = placeModules(G, Modules, Diags) && finishTree(G, Diags);
  if (OK && OverflowAt) {
    Diags.error(OverflowAt->loc(), "the trace's total calls or ops do not fit "
                                   "in 64 bits");
    OK = false;
  }
  if (!OK)
    return false;
  // The trace form is consumed (it is not printed once there is a tree):
  // drop the lists of further callers.
  for (Node *N : SharedModules)
    N->getOrCreateExtra().MoreCallers.clear();
  if (!WeightWarning.empty())
    Diags.warning(WeightWarningLoc, WeightWarning);
  G.setRoot(Root);
  NodeExtra &RX = Root->getOrCreateExtra();
  RX.TotalCalls = TotalCalls;
  RX.TotalOps = TotalOps;
  RX.HaveTotals = true;
  return true;
}

std::unique_ptr<Pass> dsocr::createParseEdgesPass() {
  return std::make_unique<ParseEdges>();
}
