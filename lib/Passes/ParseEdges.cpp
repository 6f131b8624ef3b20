//===- ParseEdges.cpp - Build the call tree from a trace ------------------===//
//
// parse-edges turns the trace form into the tree form:
//
//  * both ends of every edge must be called modules; the edges must not form
//    a cycle;
//  * a called module hangs off its dynamic caller (the edge `P->C`); with no
//    caller, off its nearest called ancestor in module_children; else off
//    the implicit root, which is called once; a module with several callers
//    hangs off their lowest common ancestor and records them in shared_by;
//  * never-called modules: list containers (`layers`, `sam_model.blocks`)
//    that have called descendants disappear, their children attach higher up;
//    other never-called modules (`vision_model.embeddings.patch_embedding`,
//    routed-out experts) stay as nodes with calls=0 under their nearest
//    module ancestor;
//  * children are ordered as in module_children, then in natural address
//    order; calls per caller call are computed; the root records the trace's
//    total calls and ops, which later passes conserve.
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

#include "llvm/ADT/STLExtras.h"
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
  llvm::StringRef name() const override { return "parse-edges"; }
  llvm::StringRef description() const override {
    return "Build the call tree from the trace's edges, hierarchy and counts";
  }
  IRForm needs() const override { return IRForm::Trace; }
  bool run(CallGraph &G, PassContext &Ctx) override;

private:
  bool checkEdges(CallGraph &G, Diagnostics &Diags);
  bool findCycle(const std::vector<Node *> &Modules, Diagnostics *Diags);
  Node *lowestCommonAncestor(Node *A, Node *B);
  bool placeModules(CallGraph &G, const std::vector<Node *> &Modules,
                    Diagnostics &Diags);
  bool finishTree(CallGraph &G, Diagnostics &Diags);
  void reportLostModule(CallGraph &G, Diagnostics &Diags);

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

/// The dynamic callers of N (first, then the others).
std::vector<EdgeRef> callersOf(const Node *N) {
  std::vector<EdgeRef> Out;
  if (N->firstCaller().Caller)
    Out.push_back(N->firstCaller());
  if (N->hasExtra())
    Out.insert(Out.end(), N->extra()->MoreCallers.begin(),
               N->extra()->MoreCallers.end());
  return Out;
}

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

Node *ParseEdges::lowestCommonAncestor(Node *A, Node *B) {
  auto Depth = [](Node *N) {
    unsigned D = 0;
    for (; N->parent(); N = N->parent())
      ++D;
    return D;
  };
  unsigned DA = Depth(A), DB = Depth(B);
  while (DA > DB) {
    A = A->parent();
    --DA;
  }
  while (DB > DA) {
    B = B->parent();
    --DB;
  }
  while (A != B) {
    A = A->parent();
    B = B->parent();
  }
  return A;
}

bool ParseEdges::placeModules(CallGraph &G, const std::vector<Node *> &Modules,
                              Diagnostics &Diags) {
  auto Place = [&](Node *N, Node *P) {
    N->setParent(P);
    P->children().push_back(N); // ordered later, in finishTree
    ++Placed;
  };

  // A never-called module with a called descendant (by module_children or
  // by address) is a list container such as a ModuleList: it never ran
  // forward itself, so it gets no node.
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

  // Nearest called static ancestor (skipping containers).
  auto StaticCaller = [](Node *N) -> Node * {
    for (Node *P = N->staticParent(); P; P = P->staticParent())
      if (isCalled(P))
        return P;
    return nullptr;
  };

  // 1. Modules with exactly one caller.
  std::vector<Node *> Shared, Orphans, Dead, Containers;
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
      Place(N, N->firstCaller().Caller);
    else if (Callers > 1)
      Shared.push_back(N);
    else
      Orphans.push_back(N);
  }

  // 2. Modules without a caller: the static hierarchy, unless that would
  // put a module below its own descendant (decided in natural order).
  llvm::sort(Orphans, [](const Node *A, const Node *B) {
    return compareNatural(A->address(), B->address()) < 0;
  });
  llvm::sort(Shared, [](const Node *A, const Node *B) {
    return compareNatural(A->address(), B->address()) < 0;
  });
  for (Node *N : Orphans) {
    Node *P = StaticCaller(N);
    bool BelowItself = false;
    for (Node *A = P; A && !BelowItself; A = A->parent())
      BelowItself = A == N;
    if (P && !BelowItself) {
      Place(N, P);
      ++NumStaticFallbacks;
    } else {
      Place(N, Root);
    }
  }

  // 3. Modules with several callers: under the callers' lowest common
  // ancestor, callers placed first (shared callers of shared modules are
  // resolved in rounds).
  std::vector<Node *> Pending = Shared;
  while (!Pending.empty()) {
    std::vector<Node *> Next;
    for (Node *N : Pending) {
      std::vector<EdgeRef> Callers = callersOf(N);
      bool Ready = llvm::all_of(Callers, [&](const EdgeRef &E) {
        for (Node *A = E.Caller; A; A = A->parent())
          if (A == Root)
            return true;
        return false;
      });
      if (!Ready) {
        Next.push_back(N);
        continue;
      }
      Node *L = Callers[0].Caller;
      std::vector<std::string> Names;
      for (const EdgeRef &E : Callers) {
        L = lowestCommonAncestor(L, E.Caller);
        Names.push_back(E.Caller->address().str());
      }
      std::sort(Names.begin(), Names.end(),
                [](const std::string &A, const std::string &B) {
                  return compareNatural(A, B) < 0;
                });
      Place(N, L);
      N->getOrCreateExtra().SharedBy = std::move(Names);
      ++NumSharedModules;
    }
    if (Next.size() == Pending.size()) {
      // Cannot happen once the edges are acyclic; stay safe.
      Diags.error(Next.front()->loc(),
                  "cannot place module '" + Next.front()->address() +
                      "': its callers do not reach the root");
      return false;
    }
    Pending = std::move(Next);
  }

  // 4. Never-called modules: under the nearest module ancestor that is not
  // a container (static hierarchy first, then address prefixes).
  for (Node *N : Dead) {
    Node *P = nullptr;
    for (Node *S = N->staticParent(); S && !P; S = S->staticParent())
      if (S->scratch() != Container)
        P = S;
    for (llvm::StringRef A = addressParent(N->address()); !P && !A.empty();
         A = addressParent(A)) {
      Node *S = G.lookupModule(A);
      if (S && S->scratch() != Container)
        P = S;
    }
    Place(N, P ? P : Root);
    ++NumNeverCalledModules;
  }
  for (Node *C : Containers)
    C->setScratch(Unvisited); // placed modules are cleared in finishTree
  SharedModules = std::move(Shared);
  return true;
}

/// Children in their final order: listed in module_children first (in list
/// order), then in natural address order. The order is total (addresses
/// differ), so a plain sort is stable enough.
static void orderChildren(Node *N) {
  auto &Kids = N->children();
  if (Kids.size() < 2)
    return;
  std::sort(Kids.begin(), Kids.end(), [N](Node *A, Node *B) {
    bool SA = A->staticParent() == N, SB = B->staticParent() == N;
    if (SA != SB)
      return SA; // listed children first
    if (SA && A->staticIndex() != B->staticIndex())
      return A->staticIndex() < B->staticIndex();
    return compareNatural(A->address(), B->address()) < 0;
  });
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
  };
  std::vector<Frame> Stack;
  size_t Reached = 0;
  unsigned Mismatches = 0;
  const char *FirstLoc = nullptr;
  std::string First;
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
    Stack.push_back({N, 0, N->ops()});
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
    Stack.pop_back();
    if (!Stack.empty())
      Stack.back().Inclusive += Have;
    if (N->isRoot() || N->parent() == Root)
      continue;
    size_t Callers = callerCount(N);
    if (Callers == 0)
      continue;
    uint64_t Sum = 0;
    for (size_t I = 0; I < Callers; ++I)
      Sum += callerAt(N, I).Ops;
    if (Sum == Have)
      continue;
    ++Mismatches;
    if (!FirstLoc || N->firstCaller().Loc < FirstLoc) {
      FirstLoc = N->firstCaller().Loc;
      First = "edge weights into '" + N->address().str() + "' sum to " +
              std::to_string(Sum) + " ops but its subtree has " +
              std::to_string(Have) + " ops";
    }
  }
  if (Reached != Placed + 1) { // + the root
    reportLostModule(G, Diags);
    return false;
  }
  if (Mismatches) {
    if (Mismatches > 1)
      First +=
          " (and " + std::to_string(Mismatches - 1) + " more edges disagree)";
    WeightWarningLoc = FirstLoc;
    WeightWarning = std::move(First);
  }
  return true;
}

void ParseEdges::reportLostModule(CallGraph &G, Diagnostics &Diags) {
  // Find one module that does not reach the root.
  const char *Lost = nullptr;
  std::string LostName;
  G.forEachModule([&](Node *N) {
    if (Lost || !N->parent())
      return;
    size_t Steps = 0;
    Node *A = N;
    while (A && A != Root && Steps++ <= Placed)
      A = A->parent();
    if (A != Root) {
      Lost = N->loc();
      LostName = N->address().str();
    }
  });
  Diags.error(Lost, "module '" + LostName +
                        "' is its own ancestor through module_children "
                        "and the edges");
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
