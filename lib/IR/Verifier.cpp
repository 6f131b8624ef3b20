//===- Verifier.cpp - Invariants of the call-graph IR ---------------------===//
//
// One linear walk over the tree, or over the modules of the trace form;
// see Verifier.h for the list.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/Verifier.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/TraceBuilder.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace dsocr;
using llvm::Twine;

namespace {

class Verifier {
public:
  Verifier(const CallGraph &G, Diagnostics &Diags) : G(G), Diags(Diags) {}
  bool run();

private:
  bool fail(const Node &N, const Twine &Msg) {
    std::string Where =
        N.isRoot() ? std::string("the root") : "'" + N.address().str() + "'";
    Diags.error(N.loc(), "IR verification failed at " + Where + ": " + Msg);
    return false;
  }
  bool checkNode(const Node &N);
  bool checkGroup(const Node &N);
  bool checkStage(const Node &N);
  bool checkFamilies(const Node &N);
  bool runOnTraceForm();
  bool checkTraceModule(const Node &N);
  bool checkCallers(const Node &N);

  const CallGraph &G;
  Diagnostics &Diags;
};

} // namespace

bool Verifier::checkGroup(const Node &N) {
  const NodeExtra *X = N.extra();
  if (!X || X->Members.empty())
    return fail(N, "a group has no members");
  if (N.fold() == FoldKind::None)
    return fail(N, "a group has no kind");
  if (X->Members.size() != N.foldCount())
    return fail(N, "count=" + Twine(N.foldCount()) + " but members=[" +
                       X->Members.str() + "] has " + Twine(X->Members.size()) +
                       " indices");
  if (N.instances() < N.foldCount())
    return fail(N, "count=" + Twine(N.foldCount()) +
                       " but instances=" + Twine(N.instances()) +
                       ": every member stands for at least one instance");
  // The address ranges over the members: `base.[0-11]`, or `base.3` for a
  // group of one.
  llvm::StringRef Last = N.address().rsplit('.').second;
  if (Last.empty())
    Last = N.address();
  if ((X->MemberStyle == IndexStyle::Listed) != !X->MemberNames.empty() ||
      (!X->MemberNames.empty() && X->Members.max() >= X->MemberNames.size()))
    return fail(N, "members=[" + X->Members.str() +
                       "] need names for each member exactly when "
                       "index=listed");
  std::string Want =
      X->Members.isSingle()
          ? (X->MemberStyle == IndexStyle::Listed
                 ? X->MemberNames[X->Members.min()]
                 : indexText(X->Members.min(), X->MemberStyle))
          : bracketedIndexSet(X->Members, X->MemberStyle, X->MemberNames);
  if (!Last.endswith(Want))
    return fail(N, "its address ends in '" + Last + "' but members=[" +
                       X->Members.str() + "]");
  IndexSet Seen;
  for (const Variant &V : X->Variants) {
    if (V.Members.empty() || !V.Members.isSubsetOf(X->Members))
      return fail(N, "variant [" + V.Members.str() +
                         "] is not a subset of the members [" +
                         X->Members.str() + "]");
    if (!V.Members.intersect(Seen).empty())
      return fail(N,
                  "variant [" + V.Members.str() + "] overlaps another variant");
    Seen.unionWith(V.Members);
  }
  return true;
}

/// A stage node of the stage view: a line of the root, with totals, that
/// runs no ops of its own (the trace's calls and ops are its modules').
bool Verifier::checkStage(const Node &N) {
  if (!N.parent()->isRoot())
    return fail(N, "a stage is not a child of the root");
  if (N.ops() != 0)
    return fail(N, "a stage runs no ops of its own, but ops=" +
                       Twine(N.ops()));
  if (N.instances() != 1)
    return fail(N, "a stage stands for one line, not instances=" +
                       Twine(N.instances()));
  const NodeExtra *X = N.extra();
  if (!X || X->LineTotals.empty())
    return fail(N, "a stage has no totals");
  if (X->HiddenNodes || X->HiddenCalls || X->HiddenOps)
    return fail(N, "a stage hides nothing itself; its modules do");
  return true;
}

bool Verifier::checkFamilies(const Node &N) {
  const NodeExtra *X = N.extra();
  if (!X || X->Families.empty())
    return true;
  llvm::StringSet<> Addresses;
  for (const Node *C : N.children())
    Addresses.insert(C->address());
  for (const Family &F : X->Families) {
    if (F.Kind == FoldKind::None)
      return fail(N, "family '" + F.Base + "' has no kind");
    if (F.Members.empty())
      return fail(N, "family '" + F.Base + "' has no members");
    if ((F.Style == IndexStyle::Listed) != !F.Names.empty() ||
        (!F.Names.empty() && F.Members.max() >= F.Names.size()))
      return fail(N, "family '" + F.Base +
                         "' needs a name for each member "
                         "exactly when index=listed");
    if (!F.Inactive.isSubsetOf(F.Members))
      return fail(N, "family '" + F.Base + "' has inactive members [" +
                         F.Inactive.str() + "] outside its members");
    bool Missing = false;
    uint64_t MissingIndex = 0;
    F.Members.forEach([&](uint64_t I) {
      if (!Missing && !Addresses.count(familyMemberAddress(
                          F.Base, F.Stem, F.Style, I, F.Names))) {
        Missing = true;
        MissingIndex = I;
      }
    });
    if (Missing)
      return fail(N, "family '" + F.Base + "' names member " +
                         Twine(MissingIndex) + " but there is no child '" +
                         familyMemberAddress(F.Base, F.Stem, F.Style,
                                             MissingIndex, F.Names) +
                         "'");
    IndexSet Shaped;
    for (const IndexSet &S : F.Shapes) {
      if (!S.isSubsetOf(F.Members) || !S.intersect(Shaped).empty() ||
          !S.intersect(F.Inactive).empty())
        return fail(N, "family '" + F.Base + "' has a shape [" + S.str() +
                           "] outside its called members or overlapping "
                           "another");
      Shaped.unionWith(S);
    }
  }
  return true;
}

bool Verifier::checkNode(const Node &N) {
  const NodeExtra *X = N.extra();
  if (!N.isRoot()) {
    if (N.address().empty())
      return fail(N, "empty address");
    if (N.isStage() && !checkStage(N))
      return false;
    if (!N.isStage() && N.className().empty())
      return fail(N, "empty class");
    if (N.instances() == 0)
      return fail(N, "instances=0");
    uint64_t Inactive = X ? X->Inactive.size() : 0;
    if (Inactive > N.instances())
      return fail(N, Twine(Inactive) + " inactive instances but only " +
                         Twine(N.instances()) + " instances");
    if (N.instances() == 1 && Inactive != 0)
      return fail(N, "a single instance lists inactive instances; a "
                     "never-called module has calls=0 instead");
    if (N.calls() > 0 && N.parent()->calls() == 0)
      return fail(N, "called " + Twine(N.calls()) +
                         " times under a caller that is never called");
    if (N.calls() == 0 && N.instances() > 1 && Inactive != N.instances())
      return fail(N, "calls=0 but only " + Twine(Inactive) + " of " +
                         Twine(N.instances()) + " instances are inactive");
    const Node &P = *N.parent();
    // Each instance of a body node lies in its own instance of the parent
    // (in a member of it, for a group).
    __uint128_t Room = __uint128_t(P.instances()) *
                       (N.isGroup() ? std::max<uint64_t>(N.foldCount(), 1) : 1);
    if (N.instances() > Room) {
      std::string Each =
          N.isGroup() ? " of " + std::to_string(N.foldCount()) + " members each"
                      : "";
      return fail(N, "instances=" + Twine(N.instances()) +
                         " but its caller stands for only " +
                         Twine(P.instances()) + " instances" + Each);
    }
    if (X)
      for (const std::string &A : X->Inactive)
        if (!matchAddressGlob(N.address(), A))
          return fail(N, "inactive instance '" + A +
                             "' is not an instance of its address");
    const PerCall &PC = N.perCall();
    if (PC.isExact() && N.instances() == 1 &&
        (P.isRoot() || P.instances() == 1)) {
      // calls == per_call * caller calls, exactly.
      __uint128_t Lhs = __uint128_t(N.calls()) * PC.denominator();
      __uint128_t Rhs = __uint128_t(PC.numerator()) * P.calls();
      if (Lhs != Rhs)
        return fail(N, "per_call=" + PC.str() +
                           " but calls=" + Twine(N.calls()) +
                           " and the caller has calls=" + Twine(P.calls()));
    }
    if (N.repeat() && !(PC.isInteger() && PC.numerator() == N.repeat()))
      return fail(N, "parfor=" + Twine(N.repeat()) + " but per_call=" +
                         (PC.isKnown() ? PC.str() : std::string("unknown")));
    if (N.isGroup() && !checkGroup(N))
      return false;
    if (!N.isGroup() && X && !X->Variants.empty())
      return fail(N, "only a group has variants");
  } else {
    if (N.calls() != 1)
      return fail(N, "the root must be called once");
  }
  return checkFamilies(N);
}

bool Verifier::checkCallers(const Node &N) {
  std::vector<EdgeRef> Callers;
  if (N.firstCaller().Caller)
    Callers.push_back(N.firstCaller());
  if (const NodeExtra *X = N.extra()) {
    if (!X->MoreCallers.empty() && !N.firstCaller().Caller)
      return fail(N, "it has further callers but no first one");
    Callers.insert(Callers.end(), X->MoreCallers.begin(), X->MoreCallers.end());
  }
  llvm::DenseSet<const Node *> Seen;
  for (const EdgeRef &E : Callers) {
    if (!E.Caller)
      return fail(N, "an edge has no caller");
    if (E.Caller == &N)
      return fail(N, "it is its own caller");
    if (!Seen.insert(E.Caller).second)
      return fail(N, "caller '" + E.Caller->address() + "' is listed twice");
    if (E.Ops > MaxCount)
      return fail(N, "the edge from '" + E.Caller->address() + "' has " +
                         Twine(E.Ops) + " ops, larger than 2^63-1");
    if (G.lookupModule(E.Caller->address()) != E.Caller)
      return fail(N, "caller '" + E.Caller->address() +
                         "' is not a module of the trace");
  }
  return true;
}

bool Verifier::checkTraceModule(const Node &N) {
  if (N.kind() != NodeKind::Module)
    return fail(N, "a trace-form node that is not a module");
  std::string Why;
  if (N.address().empty())
    return fail(N, "empty address");
  if (!checkAddressSyntax(N.address(), /*AllowPatterns=*/false, Why))
    return fail(N, Why);
  if (G.lookupModule(N.address()) != &N)
    return fail(N, "another module has the same address");
  if (!N.hasClass())
    return fail(N, "it has no class");
  if (N.className().empty())
    return fail(N, "empty class");
  if (N.hasCallCount() && N.calls() > MaxCount)
    return fail(N, "calls=" + Twine(N.calls()) + " is larger than 2^63-1");
  if (N.hasOpCount() && N.ops() > MaxCount)
    return fail(N, "ops=" + Twine(N.ops()) + " is larger than 2^63-1");
  if (const Node *P = N.staticParent()) {
    if (P == &N)
      return fail(N, "it is listed as its own child");
    if (G.lookupModule(P->address()) != P)
      return fail(N, "its static parent '" + P->address() +
                         "' is not a module of the trace");
  }
  return checkCallers(N);
}

bool Verifier::runOnTraceForm() {
  // What TraceBuilder checks as facts arrive and when the trace is
  // complete, for a trace form made (or changed) some other way.
  for (const Node *N : G.modules())
    if (!checkTraceModule(*N))
      return false;
  std::string Cycle;
  if (const Node *N = findStaticCycle(G, Cycle))
    return fail(*N, "the children lists form a cycle: " + Cycle);
  return true;
}

bool Verifier::run() {
  if (!G.hasTree())
    return runOnTraceForm();
  const Node *Root = G.root();
  if (!Root->isRoot())
    return fail(*Root, "the top node is not the root");
  llvm::DenseSet<const Node *> Seen;
  llvm::DenseSet<llvm::StringRef> Addresses, StageNames;
  uint64_t Calls = 0, Ops = 0;
  std::vector<const Node *> Stack{Root};
  while (!Stack.empty()) {
    const Node *N = Stack.back();
    Stack.pop_back();
    if (!Seen.insert(N).second)
      return fail(*N, "the node is reachable twice: the IR is not a tree");
    if (!checkNode(*N))
      return false;
    // Stages are named apart from addresses (a line may be named after its
    // one module).
    if (!N->isRoot() &&
        !(N->isStage() ? StageNames : Addresses).insert(N->address()).second)
      return fail(*N, N->isStage() ? "another stage has the same name"
                                   : "another node has the same address");
    bool Overflow = false;
    if (!N->isRoot() && !N->isStage()) {
      Overflow |= __builtin_add_overflow(Calls, N->calls(), &Calls);
      Overflow |= __builtin_add_overflow(Ops, N->ops(), &Ops);
    }
    if (const NodeExtra *X = N->extra()) {
      Overflow |= __builtin_add_overflow(Calls, X->HiddenCalls, &Calls);
      Overflow |= __builtin_add_overflow(Ops, X->HiddenOps, &Ops);
    }
    if (Overflow)
      return fail(*N, "the sum of calls or ops overflows 64 bits");
    // Children go on the stack last first, so nodes are checked in file
    // order and a duplicate is reported at its second occurrence.
    for (auto It = N->children().rbegin(); It != N->children().rend(); ++It) {
      const Node *C = *It;
      if (C->parent() != N)
        return fail(*C, "its parent link does not point at its caller");
      if (C->isRoot())
        return fail(*C, "the root appears below another node");
      Stack.push_back(C);
    }
  }
  const NodeExtra *RX = Root->extra();
  if (RX && RX->HaveTotals) {
    if (Calls != RX->TotalCalls)
      return fail(*Root, "calls are not conserved: the nodes sum to " +
                             Twine(Calls) + " but the trace has " +
                             Twine(RX->TotalCalls));
    if (Ops != RX->TotalOps)
      return fail(*Root, "ops are not conserved: the nodes sum to " +
                             Twine(Ops) + " but the trace has " +
                             Twine(RX->TotalOps));
  }
  return true;
}

bool dsocr::verifyCallGraph(const CallGraph &G, Diagnostics &Diags) {
  return Verifier(G, Diags).run();
}
