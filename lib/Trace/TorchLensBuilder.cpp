//===- TorchLensBuilder.cpp - TorchLens sections into trace facts ---------===//
//
// Module lookups by section cursor, batched facts, edge keys and the
// TorchLens wording of whole-trace problems.
//
//===----------------------------------------------------------------------===//

#include "TorchLensBuilder.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>

using namespace dsocr;
using llvm::StringRef;

/// The class sources of TraceBuilder::setClass.
static constexpr unsigned ModuleClassesSource = 0, ModuleTypesSource = 1;

Node *TorchLensBuilder::nextModule(const Node *N) const {
  // Module ids are their positions in G.modules() while reading.
  const std::vector<Node *> &Modules = G.modules();
  return N && N->id() + 1 < Modules.size() ? Modules[N->id() + 1] : nullptr;
}

Node *TorchLensBuilder::module(StringRef Address, const char *Loc, Cursor &C,
                               uint64_t Hash, Node *Guess) {
  if (!Facts.checkAddress(Address, Loc))
    return nullptr;
  ++Lookups;
  // A section may skip a few modules (op_call_counts leaves out modules
  // without ops of their own) or order a few differently (module_classes is
  // in registration order, op_call_counts in order of first op): look a
  // little ahead, then a little behind, before hashing. Neighbouring nodes
  // are neighbours in memory, so this costs a few string comparisons.
  const std::vector<Node *> &Modules = G.modules();
  size_t End = std::min(Modules.size(), C.Next + GuessWindow);
  for (size_t I = C.Next; I < End; ++I) {
    if (I == C.Next + 1 && Guess && Guess->address() == Address) {
      C.Next = Guess->id() + 1;
      return Guess;
    }
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
  }
  if (Guess && End <= C.Next + 1 && Guess->address() == Address) {
    C.Next = Guess->id() + 1;
    return Guess;
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
  size_t Known = Modules.size();
  Node *N = G.getOrCreateModule(Address, Loc,
                                Hash ? Hash : CallGraph::hashAddress(Address));
  IndexLookups += Modules.size() == Known;
  // Module ids are their positions in G.modules() while reading.
  C.Next = N->id() + 1;
  return N;
}

Node *TorchLensBuilder::parentModule(StringRef Address, const char *Loc) {
  // The next caller or children list is usually a module just seen: one
  // entered by the last edge or listed as a child (descending), or a recent
  // caller (returning up).
  for (Node *N : RecentParents)
    if (N && N->address() == Address)
      return N;
  Node *N = module(Address, Loc, ParentCursor);
  if (N)
    sawChild(N);
  return N;
}

void TorchLensBuilder::sawChild(Node *N) {
  // Children are the likeliest next parents: keep the newest at the front.
  std::copy_backward(RecentParents.begin(), RecentParents.end() - 1,
                     RecentParents.end());
  RecentParents[0] = N;
}

bool TorchLensBuilder::defer(FactKind Kind, bool Stable) {
  if (!Batching || !Stable)
    return false;
  // Facts of one kind at a time, while they name modules not seen before.
  if (NumPending > 0)
    return Pending[0].Kind == Kind;
  return cursorFor(Kind).Next >= G.modules().size();
}

bool TorchLensBuilder::flushPending() {
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

bool TorchLensBuilder::apply(const PendingFact &F) {
  switch (F.Kind) {
  case FactKind::Class: {
    Node *N = module(F.Address, F.Loc, ClassCursor, F.Hash);
    return N && Facts.setClass(*N, F.Loc, F.ClassName, F.ClassLoc,
                               F.FromModuleTypes ? ModuleTypesSource
                                                 : ModuleClassesSource);
  }
  case FactKind::Calls: {
    Node *N = module(F.Address, F.Loc, CallsCursor, F.Hash);
    return N && Facts.setCalls(*N, F.Loc, F.Value);
  }
  case FactKind::Ops: {
    Node *N = module(F.Address, F.Loc, OpsCursor, F.Hash);
    return N && Facts.setOps(*N, F.Loc, F.Value);
  }
  }
  llvm_unreachable("unknown fact kind");
}

bool TorchLensBuilder::submit(const PendingFact &F, bool Stable) {
  if (defer(F.Kind, Stable)) {
    Pending[NumPending++] = F;
    return NumPending < BatchSize || flushPending();
  }
  return flush() && apply(F);
}

bool TorchLensBuilder::setClass(StringRef Address, const char *Loc,
                                StringRef ClassName, const char *ClassLoc,
                                bool FromModuleTypes, bool Stable) {
  return submit({FactKind::Class, FromModuleTypes, Address, Loc, 0, ClassName,
                 ClassLoc, 0},
                Stable);
}

bool TorchLensBuilder::setCalls(StringRef Address, const char *Loc,
                                uint64_t Calls, bool Stable) {
  return submit(
      {FactKind::Calls, false, Address, Loc, Calls, StringRef(), nullptr, 0},
      Stable);
}

bool TorchLensBuilder::setOps(StringRef Address, const char *Loc, uint64_t Ops,
                              bool Stable) {
  return submit(
      {FactKind::Ops, false, Address, Loc, Ops, StringRef(), nullptr, 0},
      Stable);
}

bool TorchLensBuilder::addEdge(StringRef Key, const char *KeyLoc,
                               bool KeyIsVerbatim, uint64_t Ops) {
  if (!flush())
    return false;
  StringRef CallerName, CalleeName;
  std::string Why;
  if (!splitEdgeKey(Key, CallerName, CalleeName, Why)) {
    Diags.error(KeyLoc, Why);
    return false;
  }
  // KeyLoc is the opening quote; the text follows it when verbatim.
  const char *CallerLoc = KeyIsVerbatim ? KeyLoc + 1 : KeyLoc;
  const char *CalleeLoc =
      KeyIsVerbatim ? KeyLoc + 1 + CallerName.size() + 2 : KeyLoc;
  // Consecutive edges usually share their caller.
  Node *Caller = parentModule(CallerName, CallerLoc);
  Node *Callee = module(CalleeName, CalleeLoc, CalleeCursor);
  if (!Caller || !Callee)
    return false;
  sawChild(Callee);
  return Facts.addEdge(*Caller, *Callee, KeyLoc, Ops);
}

bool TorchLensBuilder::beginStaticChildren(StringRef Parent, const char *Loc) {
  if (!flush())
    return false;
  Node *P = parentModule(Parent, Loc);
  if (!P)
    return false;
  if (TraceBuilder::hasStaticChildren(*P)) {
    Diags.error(Loc, "duplicate module_children list for '" + Parent + "'");
    return false;
  }
  std::swap(ListChildren, PreviousListChildren);
  ListChildren.clear();
  return Facts.beginStaticChildren(*P, Loc);
}

bool TorchLensBuilder::addStaticChild(StringRef Child, const char *Loc) {
  if (!flush())
    return false;
  // Column by column, the k-th child of this list is the module after the
  // k-th child of the previous list.
  size_t K = ListChildren.size();
  Node *Guess = K < PreviousListChildren.size()
                    ? nextModule(PreviousListChildren[K])
                    : nullptr;
  Node *C;
  if (GuessFirst && Guess && Guess->address() == Child) {
    // The last child was found that way too: try it first.
    ++Lookups;
    ChildCursor.Next = Guess->id() + 1;
    C = Guess;
  } else {
    C = module(Child, Loc, ChildCursor, 0, Guess);
  }
  if (!C)
    return false;
  GuessFirst = C == Guess;
  ListChildren.push_back(C);
  sawChild(C);
  return Facts.addStaticChild(*C, Loc);
}

bool TorchLensBuilder::setMetadata(StringRef Address, const char *Loc,
                                   MetadataField Field, std::string JSON) {
  if (!flush())
    return false;
  Node *N = module(Address, Loc, MetadataCursor);
  return N && Facts.setMetadata(*N, Loc, Field, std::move(JSON));
}

bool TorchLensBuilder::finish() {
  return flush() &&
         Facts.finish(" (it is not in module_classes or module_types)",
                      "module_children has a cycle");
}
