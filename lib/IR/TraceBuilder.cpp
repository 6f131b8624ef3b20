//===- TraceBuilder.cpp - Building the trace form of a CallGraph ----------===//
//
// Checks and records trace facts, whatever the input format, and the
// whole-trace invariants the verifier shares.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/TraceBuilder.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

/// Read flag of a module whose list of static children was started (the
/// bits below it are the class sources).
static constexpr uint8_t ChildrenListSeen = 1u << MaxClassSources;

bool TraceBuilder::checkAddress(StringRef Address, const char *Loc) {
  if (!Address.empty())
    return true;
  Diags.error(Loc, "empty module address");
  return false;
}

Node *TraceBuilder::module(StringRef Address, const char *Loc) {
  return checkAddress(Address, Loc) ? G.getOrCreateModule(Address, Loc)
                                    : nullptr;
}

bool TraceBuilder::setClass(Node &N, const char *Loc, StringRef ClassName,
                            const char *ClassLoc, unsigned Source) {
  StringRef Address = N.address();
  if (ClassName.empty()) {
    Diags.error(ClassLoc, "empty class name for module '" + Address + "'");
    return false;
  }
  uint8_t Flag = uint8_t(1u << Source);
  if (N.readFlags() & Flag) {
    Diags.error(Loc, "duplicate class for module '" + Address + "'");
    return false;
  }
  N.addReadFlags(Flag);
  if (N.hasClass()) {
    if (N.className() == ClassName)
      return true; // given by two sources that agree
    Diags.error(ClassLoc, "module '" + Address + "' has two classes, '" +
                              N.className() + "' and '" + ClassName + "'");
    return false;
  }
  N.setClassName(G.intern(ClassName));
  N.setHasClass(true);
  ++ModulesWithClass;
  return true;
}

bool TraceBuilder::checkCount(const Node &N, const char *Loc, uint64_t V,
                              const char *What, bool Seen) {
  if (V > MaxCount) {
    Diags.error(Loc, Twine(What) + " " + Twine(V) + " of module '" +
                         N.address() + "' is larger than 2^63-1");
    return false;
  }
  if (Seen) {
    Diags.error(Loc, Twine("duplicate ") + What + " for module '" +
                         N.address() + "'");
    return false;
  }
  return true;
}

bool TraceBuilder::setCalls(Node &N, const char *Loc, uint64_t Calls) {
  if (!checkCount(N, Loc, Calls, "call count", N.hasCallCount()))
    return false;
  N.setCalls(Calls);
  N.setHasCallCount(true);
  N.setCallOrder(NextCallOrder++);
  return true;
}

bool TraceBuilder::setOps(Node &N, const char *Loc, uint64_t Ops) {
  if (!checkCount(N, Loc, Ops, "op count", N.hasOpCount()))
    return false;
  N.setOps(Ops);
  N.setHasOpCount(true);
  return true;
}

bool TraceBuilder::addEdge(Node &Caller, Node &Callee, const char *Loc,
                           uint64_t Ops) {
  auto Edge = [&]() {
    return ("edge '" + Caller.address() + "->" + Callee.address() + "'").str();
  };
  if (Ops > MaxCount) {
    Diags.error(Loc,
                Edge() + " has " + Twine(Ops) + " ops, larger than 2^63-1");
    return false;
  }
  if (&Caller == &Callee) {
    Diags.error(Loc, Edge() + " makes module '" + Caller.address() +
                         "' its own caller");
    return false;
  }
  EdgeRef E{&Caller, Ops, Loc};
  if (!Callee.firstCaller().Caller) {
    Callee.setFirstCaller(E);
    return true;
  }
  bool Duplicate = Callee.firstCaller().Caller == &Caller;
  if (Callee.hasExtra())
    for (const EdgeRef &Other : Callee.extra()->MoreCallers)
      Duplicate |= Other.Caller == &Caller;
  if (Duplicate) {
    Diags.error(Loc, "duplicate " + Edge());
    return false;
  }
  Callee.getOrCreateExtra().MoreCallers.push_back(E);
  return true;
}

bool TraceBuilder::hasStaticChildren(const Node &Parent) {
  return Parent.readFlags() & ChildrenListSeen;
}

bool TraceBuilder::beginStaticChildren(Node &Parent, const char *Loc) {
  if (hasStaticChildren(Parent)) {
    Diags.error(Loc, "duplicate children list for '" + Parent.address() + "'");
    return false;
  }
  Parent.addReadFlags(ChildrenListSeen);
  CurrentParent = &Parent;
  CurrentIndex = 0;
  return true;
}

bool TraceBuilder::addStaticChild(Node &C, const char *Loc) {
  if (&C == CurrentParent) {
    Diags.error(Loc, "module '" + C.address() + "' is listed as its own child");
    return false;
  }
  uint32_t Index = CurrentIndex++;
  Node *Old = C.staticParent();
  if (!Old) {
    C.setStaticParent(CurrentParent, Index, Loc);
    return true;
  }
  if (Old == CurrentParent) {
    Diags.error(Loc, "module '" + C.address() +
                         "' is listed twice among the children of '" +
                         CurrentParent->address() + "'");
    return false;
  }
  // A module registered under two parents: keep the parent that comes first
  // in natural order, so the result does not depend on input order.
  if (compareNatural(CurrentParent->address(), Old->address()) < 0)
    C.setStaticParent(CurrentParent, Index, Loc);
  return true;
}

bool TraceBuilder::setMetadata(Node &N, const char *Loc, MetadataField Field,
                               std::string JSON) {
  NodeMetadata &M = N.getOrCreateExtra().Meta;
  std::string &Slot = Field == MetadataField::Params   ? M.Params
                      : Field == MetadataField::Inputs ? M.Inputs
                                                       : M.Outputs;
  if (!Slot.empty()) {
    Diags.error(Loc, "duplicate metadata for module '" + N.address() + "'");
    return false;
  }
  Slot = std::move(JSON);
  return true;
}

bool TraceBuilder::finish(StringRef NoClassWhy, StringRef CycleWhat) {
  // Classes are given here only: when every module got one, no need to
  // look at every module again.
  const Node *N =
      ModulesWithClass == G.moduleCount() ? nullptr : findModuleWithoutClass(G);
  if (N) {
    Diags.error(N->loc(),
                "module '" + N->address() + "' has no class" + NoClassWhy);
    return false;
  }
  std::string Cycle;
  if ((N = findStaticCycle(G, Cycle))) {
    Diags.error(N->staticLoc(), CycleWhat + ": " + Cycle);
    return false;
  }
  return true;
}

const Node *dsocr::findModuleWithoutClass(const CallGraph &G) {
  // The one named first in the input, so that the answer does not depend
  // on hash order.
  const Node *Unknown = nullptr;
  G.forEachModule([&](const Node *N) {
    if (!N->hasClass() && (!Unknown || N->loc() < Unknown->loc()))
      Unknown = N;
  });
  return Unknown;
}

const Node *dsocr::findStaticCycle(const CallGraph &G, std::string &Cycle) {
  // State by node id: 1 = on the current path, 2 = known to reach a root.
  std::vector<uint8_t> State(G.nodeCount());
  const Node *CycleAt = nullptr;
  std::vector<const Node *> Path;
  G.forEachModule([&](const Node *Start) {
    if (State[Start->id()] == 2 || CycleAt)
      return;
    Path.clear();
    const Node *N = Start;
    while (N && State[N->id()] == 0) {
      State[N->id()] = 1;
      Path.push_back(N);
      N = N->staticParent();
    }
    if (N && State[N->id()] == 1) {
      // N is on the path: report at the link that closes the cycle, the
      // earliest in the input among the cycle's links.
      const Node *Best = nullptr;
      for (auto It = std::find(Path.begin(), Path.end(), N); It != Path.end();
           ++It)
        if (!Best || (*It)->staticLoc() < Best->staticLoc())
          Best = *It;
      CycleAt = Best;
    }
    for (const Node *P : Path)
      State[P->id()] = 2;
  });
  if (!CycleAt)
    return nullptr;
  // Spelled from the top down: each module's parent before it.
  Path.clear();
  const Node *N = CycleAt;
  do {
    Path.push_back(N);
    N = N->staticParent();
  } while (N != CycleAt);
  Cycle = CycleAt->address().str();
  for (auto It = Path.rbegin(); It != Path.rend(); ++It)
    Cycle += " -> " + (*It)->address().str();
  return CycleAt;
}
