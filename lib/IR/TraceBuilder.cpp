//===- TraceBuilder.cpp - Building the trace form of a CallGraph ----------===//
//
// Checks and records trace facts; shared by the JSON reader and IR parser.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/TraceBuilder.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cstring>

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

/// Read flag of a module whose module_children list was read.
static constexpr uint8_t ChildrenListSeen = 8;

Node *TraceBuilder::module(StringRef Address, const char *Loc, Cursor &C,
                           uint64_t Hash) {
  // A section may skip a few modules (op_call_counts leaves out modules
  // without ops of their own) or order a few differently (module_classes is
  // in registration order, op_call_counts in order of first op): look a
  // little ahead, then a little behind, before hashing. Neighbouring nodes
  // are neighbours in memory, so this costs a few string comparisons.
  const std::vector<Node *> &Modules = G.modules();
  size_t End = std::min(Modules.size(), C.Next + GuessWindow);
  for (size_t I = C.Next; I < End; ++I)
    if (Modules[I]->address() == Address) {
      C.Next = I + 1;
      // The cursor walks through memory made long ago: load what the next
      // guesses will compare (a node, then its address) ahead of time.
      if (I + 2 * PrefetchAhead < Modules.size())
        __builtin_prefetch(Modules[I + 2 * PrefetchAhead]);
      if (I + PrefetchAhead < Modules.size())
        __builtin_prefetch(Modules[I + PrefetchAhead]->address().data());
      return Modules[I];
    }
  // A deferred fact at the end of what is known is most likely a new
  // module, and its slot in the index is already in cache: no looking back.
  if (!(Hash && C.Next >= Modules.size())) {
    size_t Begin = C.Next > GuessWindow ? C.Next - GuessWindow : 0;
    for (size_t I = std::min(C.Next, Modules.size()); I > Begin; --I)
      if (Modules[I - 1]->address() == Address) {
        C.Next = I;
        return Modules[I - 1];
      }
  }
  Node *N = G.getOrCreateModule(Address, Loc,
                                Hash ? Hash : CallGraph::hashAddress(Address));
  // Module ids are their positions in G.modules() while reading.
  C.Next = N->id() + 1;
  return N;
}

Node *TraceBuilder::parentModule(StringRef Address, const char *Loc) {
  // The next caller or children list is usually a module just seen: one
  // entered by the last edge or listed as a child (descending), or a recent
  // caller (returning up).
  for (Node *N : RecentParents)
    if (N && N->address() == Address)
      return N;
  Node *N = module(Address, Loc, ParentCursor);
  sawChild(N);
  return N;
}

void TraceBuilder::sawChild(Node *N) {
  // Children are the likeliest next parents: keep the newest at the front.
  std::copy_backward(RecentParents.begin(), RecentParents.end() - 1,
                     RecentParents.end());
  RecentParents[0] = N;
}

/// Position of the first `->` in S at or after From (memchr for the `-`:
/// edge keys are read once per edge).
static size_t findArrow(StringRef S, size_t From) {
  const char *Begin = S.data(), *End = S.data() + S.size();
  for (const char *P = Begin + From; P < End;) {
    const void *Dash = std::memchr(P, '-', End - P);
    if (!Dash)
      return StringRef::npos;
    P = static_cast<const char *>(Dash) + 1;
    if (P < End && *P == '>')
      return size_t(P - 1 - Begin);
  }
  return StringRef::npos;
}

static bool checkAddress(Diagnostics &Diags, StringRef Address,
                         const char *Loc) {
  if (Address.empty()) {
    Diags.error(Loc, "empty module address");
    return false;
  }
  return true;
}

bool TraceBuilder::defer(FactKind Kind, bool Stable) {
  if (!Batching || !Stable)
    return false;
  // Facts of one kind at a time, while they name modules not seen before.
  if (NumPending > 0)
    return Pending[0].Kind == Kind;
  return cursorFor(Kind).Next >= G.modules().size();
}

bool TraceBuilder::flushPending() {
  size_t N = NumPending;
  NumPending = 0;
  for (size_t I = 0; I < N; ++I) {
    Pending[I].Hash = CallGraph::hashAddress(Pending[I].Address);
    G.prefetchModuleSlot(Pending[I].Hash);
  }
  for (size_t I = 0; I < N; ++I)
    if (!apply(Pending[I]))
      return false;
  return true;
}

bool TraceBuilder::apply(const PendingFact &F) {
  switch (F.Kind) {
  case FactKind::Class:
    return applyClass(F.Address, F.Loc, F.ClassName, F.ClassLoc, F.Source,
                      F.Hash);
  case FactKind::Calls:
    return applyCalls(F.Address, F.Loc, F.Value, F.Hash);
  case FactKind::Ops:
    return applyOps(F.Address, F.Loc, F.Value, F.Hash);
  }
  llvm_unreachable("unknown fact kind");
}

bool TraceBuilder::submit(const PendingFact &F, bool Stable) {
  if (defer(F.Kind, Stable)) {
    Pending[NumPending++] = F;
    return NumPending < BatchSize || flushPending();
  }
  return flush() && apply(F);
}

bool TraceBuilder::setClass(StringRef Address, const char *Loc,
                            StringRef ClassName, const char *ClassLoc,
                            ClassSource Source, bool Stable) {
  return submit({FactKind::Class, Source, Address, Loc, 0, ClassName,
                 ClassLoc, 0},
                Stable);
}

bool TraceBuilder::setCalls(StringRef Address, const char *Loc, uint64_t Calls,
                            bool Stable) {
  return submit({FactKind::Calls, ClassSource::IR, Address, Loc, Calls,
                 StringRef(), nullptr, 0},
                Stable);
}

bool TraceBuilder::setOps(StringRef Address, const char *Loc, uint64_t Ops,
                          bool Stable) {
  return submit({FactKind::Ops, ClassSource::IR, Address, Loc, Ops,
                 StringRef(), nullptr, 0},
                Stable);
}

bool TraceBuilder::applyClass(StringRef Address, const char *Loc,
                              StringRef ClassName, const char *ClassLoc,
                              ClassSource Source, uint64_t Hash) {
  if (!checkAddress(Diags, Address, Loc))
    return false;
  if (ClassName.empty()) {
    Diags.error(ClassLoc, "empty class name for module '" + Address + "'");
    return false;
  }
  Node *N = module(Address, Loc, ClassCursor, Hash);
  uint8_t Flag = uint8_t(Source);
  if (N->readFlags() & Flag) {
    Diags.error(Loc, "duplicate class for module '" + Address + "'");
    return false;
  }
  N->addReadFlags(Flag);
  if (N->hasClass()) {
    if (N->className() == ClassName)
      return true; // given by both module_classes and module_types
    Diags.error(ClassLoc, "module '" + Address + "' has two classes, '" +
                              N->className() + "' and '" + ClassName + "'");
    return false;
  }
  N->setClassName(G.intern(ClassName));
  N->setHasClass(true);
  return true;
}

bool TraceBuilder::applyCalls(StringRef Address, const char *Loc,
                              uint64_t Calls, uint64_t Hash) {
  if (!checkAddress(Diags, Address, Loc))
    return false;
  if (Calls > MaxCount) {
    Diags.error(Loc, "call count " + Twine(Calls) + " of module '" + Address +
                         "' is larger than 2^63-1");
    return false;
  }
  Node *N = module(Address, Loc, CallsCursor, Hash);
  if (N->hasCallCount()) {
    Diags.error(Loc, "duplicate call count for module '" + Address + "'");
    return false;
  }
  N->setCalls(Calls);
  N->setHasCallCount(true);
  return true;
}

bool TraceBuilder::applyOps(StringRef Address, const char *Loc, uint64_t Ops,
                            uint64_t Hash) {
  if (!checkAddress(Diags, Address, Loc))
    return false;
  if (Ops > MaxCount) {
    Diags.error(Loc, "op count " + Twine(Ops) + " of module '" + Address +
                         "' is larger than 2^63-1");
    return false;
  }
  Node *N = module(Address, Loc, OpsCursor, Hash);
  if (N->hasOpCount()) {
    Diags.error(Loc, "duplicate op count for module '" + Address + "'");
    return false;
  }
  N->setOps(Ops);
  N->setHasOpCount(true);
  return true;
}

bool TraceBuilder::addEdge(StringRef Key, const char *KeyLoc,
                           bool KeyIsVerbatim, uint64_t Ops) {
  if (!flush())
    return false;
  if (Ops > MaxCount) {
    Diags.error(KeyLoc, "edge '" + Key + "' has " + Twine(Ops) +
                            " ops, larger than 2^63-1");
    return false;
  }
  size_t Arrow = findArrow(Key, 0);
  if (Arrow == StringRef::npos) {
    Diags.error(KeyLoc,
                "edge key '" + Key + "' is not of the form 'caller->callee'");
    return false;
  }
  if (findArrow(Key, Arrow + 2) != StringRef::npos) {
    Diags.error(KeyLoc, "edge key '" + Key + "' has more than one '->'");
    return false;
  }
  StringRef CallerName = Key.substr(0, Arrow);
  StringRef CalleeName = Key.substr(Arrow + 2);
  if (CallerName.empty() || CalleeName.empty()) {
    Diags.error(KeyLoc, "edge key '" + Key + "' has an empty " +
                            (CallerName.empty() ? "caller" : "callee"));
    return false;
  }
  // KeyLoc is the opening quote; the text follows it when verbatim.
  const char *CallerLoc = KeyIsVerbatim ? KeyLoc + 1 : KeyLoc;
  const char *CalleeLoc = KeyIsVerbatim ? KeyLoc + 1 + Arrow + 2 : KeyLoc;
  if (CallerName == CalleeName) {
    Diags.error(KeyLoc, "edge '" + Key + "' makes module '" + CallerName +
                            "' its own caller");
    return false;
  }
  // Consecutive edges usually share their caller.
  Node *Caller = parentModule(CallerName, CallerLoc);
  Node *Callee = module(CalleeName, CalleeLoc, CalleeCursor);
  sawChild(Callee);
  EdgeRef E{Caller, Ops, KeyLoc};
  if (!Callee->firstCaller().Caller) {
    Callee->setFirstCaller(E);
    return true;
  }
  bool Duplicate = Callee->firstCaller().Caller == Caller;
  if (Callee->hasExtra())
    for (const EdgeRef &Other : Callee->extra()->MoreCallers)
      Duplicate |= Other.Caller == Caller;
  if (Duplicate) {
    Diags.error(KeyLoc, "duplicate edge '" + Key + "'");
    return false;
  }
  Callee->getOrCreateExtra().MoreCallers.push_back(E);
  return true;
}

bool TraceBuilder::beginStaticChildren(StringRef Parent, const char *Loc) {
  if (!flush())
    return false;
  if (!checkAddress(Diags, Parent, Loc))
    return false;
  CurrentParent = parentModule(Parent, Loc);
  CurrentIndex = 0;
  if (CurrentParent->readFlags() & ChildrenListSeen) {
    Diags.error(Loc, "duplicate module_children list for '" + Parent + "'");
    return false;
  }
  CurrentParent->addReadFlags(ChildrenListSeen);
  return true;
}

bool TraceBuilder::addStaticChild(StringRef Child, const char *Loc) {
  if (!flush())
    return false;
  if (!checkAddress(Diags, Child, Loc))
    return false;
  Node *C = module(Child, Loc, ChildCursor);
  sawChild(C);
  if (C == CurrentParent) {
    Diags.error(Loc, "module '" + Child + "' is listed as its own child");
    return false;
  }
  uint32_t Index = CurrentIndex++;
  Node *Old = C->staticParent();
  if (!Old) {
    C->setStaticParent(CurrentParent, Index, Loc);
    return true;
  }
  if (Old == CurrentParent) {
    Diags.error(Loc, "module '" + Child +
                         "' is listed twice among the "
                         "children of '" +
                         CurrentParent->address() + "'");
    return false;
  }
  // A module registered under two parents: keep the parent that comes first
  // in natural order, so the result does not depend on key order.
  if (compareNatural(CurrentParent->address(), Old->address()) < 0)
    C->setStaticParent(CurrentParent, Index, Loc);
  return true;
}

bool TraceBuilder::setMetadata(StringRef Address, const char *Loc,
                               MetadataField Field, std::string JSON) {
  if (!flush())
    return false;
  if (!checkAddress(Diags, Address, Loc))
    return false;
  Node *N = module(Address, Loc, MetadataCursor);
  NodeMetadata &M = N->getOrCreateExtra().Meta;
  std::string &Slot = Field == MetadataField::Params   ? M.Params
                      : Field == MetadataField::Inputs ? M.Inputs
                                                       : M.Outputs;
  if (!Slot.empty()) {
    Diags.error(Loc, "duplicate metadata for module '" + Address + "'");
    return false;
  }
  Slot = std::move(JSON);
  return true;
}

bool TraceBuilder::finish() {
  if (!flush())
    return false;
  // Every module named anywhere must have a class. Report the one named
  // first in the input, so the message does not depend on hash order.
  const Node *Unknown = nullptr;
  G.forEachModule([&](Node *N) {
    if (!N->hasClass() && (!Unknown || N->loc() < Unknown->loc()))
      Unknown = N;
  });
  if (Unknown) {
    Diags.error(Unknown->loc(), "module '" + Unknown->address() +
                                    "' has no class (it is not in "
                                    "module_classes or module_types)");
    return false;
  }

  // The static hierarchy must be a forest. Scratch: 1 = on the current
  // path, 2 = known to reach a root.
  const Node *CycleAt = nullptr;
  G.forEachModule([&](Node *Start) {
    if (Start->scratch() == 2 || CycleAt)
      return;
    std::vector<Node *> Path;
    Node *N = Start;
    while (N && N->scratch() == 0) {
      N->setScratch(1);
      Path.push_back(N);
      N = N->staticParent();
    }
    if (N && N->scratch() == 1) {
      // N is on the path: report at the link that closes the cycle, the
      // earliest in the input among the cycle's links.
      const Node *Best = nullptr;
      for (auto It = std::find(Path.begin(), Path.end(), N); It != Path.end();
           ++It)
        if (!Best || (*It)->staticLoc() < Best->staticLoc())
          Best = *It;
      CycleAt = Best;
    }
    for (Node *P : Path)
      P->setScratch(2);
  });
  G.forEachModule([](Node *N) { N->setScratch(0); });
  if (CycleAt) {
    std::string Cycle = CycleAt->address().str();
    for (const Node *N = CycleAt->staticParent(); N; N = N->staticParent()) {
      Cycle = N->address().str() + " -> " + Cycle;
      if (N == CycleAt)
        break;
    }
    Diags.error(CycleAt->staticLoc(), "module_children has a cycle: " + Cycle);
    return false;
  }
  return true;
}
