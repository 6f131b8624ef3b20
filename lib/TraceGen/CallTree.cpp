//===- CallTree.cpp - Instantiating and running a model description -------===//
//
// Instances (static part: address, class, parameters, child slots) and
// expansion (dynamic part: running forward() per call into child calls).
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/CallTree.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/TraceGen/Routing.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

/// Counts (list lengths, repetitions) above this are refused: they would
/// not finish.
static constexpr uint64_t MaxCount = uint64_t(1) << 32;

const Value *StaticScope::findOwn(unsigned Sym) const {
  for (auto It = Vars.rbegin(); It != Vars.rend(); ++It)
    if (It->first == Sym)
      return &It->second;
  return nullptr;
}

const Value *FrameScope::lookup(unsigned Sym) const {
  for (const Frame *Cur = F; Cur; Cur = Cur->Parent.get()) {
    for (auto It = Cur->Vars.rbegin(); It != Cur->Vars.rend(); ++It)
      if (It->first == Sym)
        return &It->second;
    if (Cur->Static)
      if (const Value *V = Cur->Static->findOwn(Sym))
        return V;
  }
  return nullptr;
}

const Value *StaticChainScope::lookup(unsigned Sym) const {
  for (const StaticScope *Cur = S; Cur; Cur = Cur->Parent)
    if (const Value *V = Cur->findOwn(Sym))
      return V;
  return nullptr;
}

StringRef Instance::torchClass() const {
  return Class ? StringRef(Class->TorchName) : StringRef(List->ContainerClass);
}

const Expr *Instance::opsExpr() const {
  if (Spec && Spec->HasOps)
    return &Spec->Ops;
  if (Class && Class->HasOps)
    return &Class->Ops;
  return nullptr;
}

/// The most specific tensor metadata of M that Gives: a called container's,
/// then the instance's, then its class's. Null if none does.
template <typename Pred>
static const TensorDefaults *findTensorDefaults(const Instance &M, Pred Gives) {
  if (M.List && Gives(M.List->Tensors))
    return &M.List->Tensors;
  if (M.Spec && Gives(M.Spec->Tensors))
    return &M.Spec->Tensors;
  if (M.Class && Gives(M.Class->Tensors))
    return &M.Class->Tensors;
  return nullptr;
}

const std::vector<TensorSpec> *Instance::inputs() const {
  const TensorDefaults *T = findTensorDefaults(
      *this, [](const TensorDefaults &T) { return T.HasInputs; });
  return T ? &T->Inputs : nullptr;
}

const std::vector<TensorSpec> *Instance::outputs() const {
  const TensorDefaults *T = findTensorDefaults(
      *this, [](const TensorDefaults &T) { return T.HasOutputs; });
  return T ? &T->Outputs : nullptr;
}

CallTreeBuilder::CallTreeBuilder(const ModelDescription &D, const GenOptions &O,
                                 Diagnostics &Diags)
    : D(D), O(O), Diags(Diags), Seed(O.Seed ? *O.Seed : D.Seed) {
  for (const ExplicitUncalled &U : D.Uncalled)
    Uncalled[U.Address] = &U;
}

bool CallTreeBuilder::fail(const char *Loc, const Twine &Msg,
                           const Instance *M) {
  if (M && !M->Address.empty())
    Diags.error(Loc, Msg + " (in module '" + M->Address + "')");
  else
    Diags.error(Loc, Msg);
  return false;
}

bool CallTreeBuilder::evalInt(const Expr &E, const Scope &S, int64_t &Out,
                              const Instance *M) {
  EvalError Err;
  if (E.eval(S, D.Syms, Out, Err))
    return true;
  return fail(Err.Loc, Err.Message, M);
}

bool CallTreeBuilder::evalCount(const Expr &E, const Scope &S, uint64_t &Out,
                                const char *What, const Instance *M) {
  int64_t V;
  if (!evalInt(E, S, V, M))
    return false;
  if (V < 0)
    return fail(E.loc(), Twine(What) + " is negative (" + Twine(V) + ")", M);
  if (uint64_t(V) > MaxCount)
    return fail(E.loc(), Twine(What) + " " + Twine(V) + " is too large", M);
  Out = uint64_t(V);
  return true;
}

bool CallTreeBuilder::evalDims(const std::vector<DimSpec> &Dims, const Scope &S,
                               llvm::SmallVectorImpl<int64_t> &Out,
                               const Instance *M) {
  for (const DimSpec &Dim : Dims) {
    if (Dim.Splice != NoSym) {
      const Value *V = S.lookup(Dim.Splice);
      if (!V)
        return fail(Dim.Loc,
                    "'" + D.Syms.name(Dim.Splice) + "' is not bound here", M);
      if (!V->isShape())
        return fail(Dim.Loc,
                    "'" + D.Syms.name(Dim.Splice) +
                        "' is an integer; only a shape can be spliced with "
                        "'*'",
                    M);
      Out.append(V->Dims.begin(), V->Dims.end());
      continue;
    }
    int64_t V;
    if (!evalInt(Dim.E, S, V, M))
      return false;
    Out.push_back(V);
  }
  return true;
}

bool CallTreeBuilder::evalValue(bool IsShape, const std::vector<DimSpec> &Dims,
                                const Expr &IntExpr, const Scope &S, Value &V,
                                const Instance *M) {
  if (!IsShape)
    return evalInt(IntExpr, S, V.Int, M);
  V.K = Value::Kind::Shape;
  return evalDims(Dims, S, V.Dims, M);
}

/// Evaluates constructor parameter Sym of C (a boolean is its integer 0 or
/// 1) into C's static scope.
bool CallTreeBuilder::addParam(Instance &C, unsigned Sym, const ParamValue &PV,
                               const Scope &S) {
  bool IsBool = PV.K == ParamValue::Kind::Bool;
  Value V;
  if (IsBool)
    V.Int = PV.B;
  else if (!evalValue(PV.K == ParamValue::Kind::Shape, PV.Dims, PV.IntExpr, S,
                      V, &C))
    return false;
  C.Static.Vars.push_back({Sym, std::move(V)});
  C.BoolParams.push_back(IsBool);
  return true;
}

bool CallTreeBuilder::bind(Frame &F, const std::vector<Binding> &Bs,
                           const Instance *M) {
  for (const Binding &B : Bs) {
    Value V;
    if (!evalValue(B.IsShape, B.Dims, B.IntExpr, FrameScope(&F), V, M))
      return false;
    F.Vars.push_back({B.Sym, std::move(V)});
  }
  return true;
}

bool CallTreeBuilder::makeRoot(Instance &Root) {
  Root.Class = D.Root;
  Root.Address.clear();
  for (const auto &Ov : O.ParamOverrides)
    if (!D.findParam(Ov.first)) {
      std::string Known;
      for (const ModelDescription::Param &P : D.Params)
        Known += (Known.empty() ? "" : ", ") + P.Name;
      Diags.error(
          nullptr,
          "model '" + D.Name + "' has no parameter '" + Ov.first + "' (" +
              (Known.empty() ? "it has none" : "its parameters: " + Known) +
              ")");
      return false;
    }
  for (const ModelDescription::Param &P : D.Params) {
    int64_t V = 0;
    bool Overridden = false;
    for (const auto &Ov : O.ParamOverrides)
      if (Ov.first == P.Name) {
        V = Ov.second;
        Overridden = true;
      }
    if (!Overridden &&
        !evalInt(P.Value, StaticChainScope(&Root.Static), V, nullptr))
      return false;
    Root.Static.Vars.push_back({P.Sym, Value::integer(V)});
  }
  // Errors name no module: the root's address is empty.
  for (const ParamDecl &P : D.Root->Params)
    if (!addParam(Root, P.Sym, P.Default, StaticChainScope(&Root.Static)))
      return false;
  if (!layout(Root))
    return false;
  Root.Calls.assign(1, FramePtr());
  return true;
}

bool CallTreeBuilder::evalModelExpr(const Instance &Root, const Expr &E,
                                    int64_t &Out) {
  return evalInt(E, StaticChainScope(&Root.Static), Out, nullptr);
}

bool CallTreeBuilder::paramValue(const Instance &Root, StringRef Name,
                                 int64_t &Out) const {
  const ModelDescription::Param *P = D.findParam(Name);
  if (!P)
    return false;
  const Value *V = Root.Static.findOwn(P->Sym);
  if (!V || !V->isInt())
    return false;
  Out = V->Int;
  return true;
}

bool CallTreeBuilder::layout(Instance &M) {
  M.SlotBase.clear();
  M.Lengths.clear();
  M.NumSlots = 0;
  if (M.isContainer()) {
    // A container's slots are its elements; the owner computed the length.
    return true;
  }
  StaticChainScope S(&M.Static);
  for (const ModuleSpec &Mod : M.Class->Modules) {
    M.SlotBase.push_back(M.NumSlots);
    uint64_t Len = 0;
    if (Mod.IsList) {
      if (Mod.HasElements)
        Len = Mod.Elements.size();
      else if (!evalCount(Mod.Length, S, Len, "the length of a list", &M))
        return false;
      M.NumSlots += 1 + Len;
    } else {
      M.NumSlots += 1;
    }
    M.Lengths.push_back(Len);
  }
  return true;
}

bool CallTreeBuilder::selectorMatches(const Instance &Owner,
                                      const IndexSelector &Sel, uint64_t E,
                                      uint64_t Length, bool &Match) {
  StaticChainScope S(&Owner.Static);
  int64_t L = int64_t(Length);
  Match = false;
  for (const IndexSelector::Item &It : Sel.Items) {
    if (!It.IsSlice) {
      int64_t I;
      if (!evalInt(It.Start, S, I, &Owner))
        return false;
      if (I < 0)
        I += L;
      if (I < 0 || I >= L)
        return fail(Sel.Loc,
                    "index selector '" + Sel.Text + "' names index " +
                        Twine(I < 0 ? I - L : I) +
                        ", out of range for a list of length " + Twine(L),
                    &Owner);
      if (uint64_t(I) == E)
        Match = true;
      continue;
    }
    int64_t Start = 0, Stop = L, StepV = 1;
    if (It.HasStart && !evalInt(It.Start, S, Start, &Owner))
      return false;
    if (It.HasStop && !evalInt(It.Stop, S, Stop, &Owner))
      return false;
    if (It.HasStep && !evalInt(It.Step, S, StepV, &Owner))
      return false;
    if (StepV <= 0)
      return fail(Sel.Loc,
                  "index selector '" + Sel.Text +
                      "': a slice step must be positive",
                  &Owner);
    if (Start < 0)
      Start = std::max<int64_t>(Start + L, 0);
    if (Stop < 0)
      Stop = std::max<int64_t>(Stop + L, 0);
    Start = std::min(Start, L);
    Stop = std::min(Stop, L);
    int64_t I = int64_t(E);
    if (I >= Start && I < Stop && (I - Start) % StepV == 0)
      Match = true;
  }
  return true;
}

bool CallTreeBuilder::elementSpec(const Instance &Owner, const ModuleSpec &L,
                                  uint64_t E, uint64_t Length,
                                  const InstanceSpec *&Out) {
  if (L.HasElements) {
    Out = &L.Elements[E];
    return true;
  }
  for (const auto &A : L.At) {
    bool Match;
    if (!selectorMatches(Owner, A.first, E, Length, Match))
      return false;
    if (Match) {
      Out = &A.second;
      return true;
    }
  }
  Out = &L.Of;
  return true;
}

bool CallTreeBuilder::instantiate(Instance &C, const InstanceSpec &Spec,
                                  const StaticScope *Outer, unsigned IndexSym,
                                  uint64_t Index) {
  C.Class = Spec.Class;
  C.Spec = &Spec;
  C.Static.Parent = Outer;
  C.Static.Vars.clear();
  C.BoolParams.clear();
  if (IndexSym != NoSym)
    C.Static.Vars.push_back({IndexSym, Value::integer(int64_t(Index))});
  // Arguments are evaluated where the module is declared: the enclosing
  // scope and the element's index.
  StaticScope ArgScope;
  ArgScope.Parent = Outer;
  ArgScope.Vars = C.Static.Vars;
  for (const ParamDecl &P : C.Class->Params) {
    const ParamArg *Arg = nullptr;
    for (const ParamArg &A : Spec.Args)
      if (A.Sym == P.Sym)
        Arg = &A;
    bool OK = Arg ? addParam(C, P.Sym, Arg->Val, StaticChainScope(&ArgScope))
                  : addParam(C, P.Sym, P.Default, StaticChainScope(&C.Static));
    if (!OK)
      return false;
  }
  return layout(C);
}

unsigned CallTreeBuilder::moduleOfSlot(const Instance &M, uint64_t Slot) const {
  auto It = std::upper_bound(M.SlotBase.begin(), M.SlotBase.end(), Slot);
  return unsigned(It - M.SlotBase.begin()) - 1;
}

const ModuleSpec *CallTreeBuilder::listOfElement(const Instance &M,
                                                 uint64_t Slot) const {
  if (M.isContainer())
    return M.List;
  unsigned Mod = moduleOfSlot(M, Slot);
  const ModuleSpec &Spec = M.Class->Modules[Mod];
  return Spec.IsList && Slot != M.SlotBase[Mod] ? &Spec : nullptr;
}

void CallTreeBuilder::appendChildAddress(const Instance &M, uint64_t Slot,
                                         std::string &Out) const {
  Out += M.Address;
  if (!M.Address.empty())
    Out += '.';
  if (M.isContainer()) {
    Out += std::to_string(Slot);
    return;
  }
  unsigned Mod = moduleOfSlot(M, Slot);
  const ModuleSpec &Spec = M.Class->Modules[Mod];
  Out += Spec.Name;
  if (Spec.IsList && Slot != M.SlotBase[Mod]) {
    Out += '.';
    Out += std::to_string(Slot - M.SlotBase[Mod] - 1);
  }
}

bool CallTreeBuilder::makeChild(const Instance &P, uint64_t Slot, Instance &C) {
  C.Address.clear();
  appendChildAddress(P, Slot, C.Address);
  C.Calls.clear();
  if (P.isContainer()) {
    const InstanceSpec *Spec;
    // The container's owner scope is its own static parent.
    if (!elementSpec(P, *P.List, Slot, P.NumSlots, Spec))
      return false;
    return instantiate(C, *Spec, &P.Static, P.List->As, Slot);
  }
  unsigned Mod = moduleOfSlot(P, Slot);
  const ModuleSpec &Spec = P.Class->Modules[Mod];
  if (!Spec.IsList)
    return instantiate(C, Spec.Inst, &P.Static, NoSym, 0);
  uint64_t Len = P.Lengths[Mod];
  if (Slot == P.SlotBase[Mod]) {
    C.Class = nullptr;
    C.List = &Spec;
    C.Spec = nullptr;
    C.Static.Parent = &P.Static;
    C.Static.Vars.clear();
    C.BoolParams.clear();
    C.SlotBase.clear();
    C.Lengths.clear();
    C.NumSlots = Len;
    return true;
  }
  uint64_t E = Slot - P.SlotBase[Mod] - 1;
  const InstanceSpec *ES;
  if (!elementSpec(P, Spec, E, Len, ES))
    return false;
  return instantiate(C, *ES, &P.Static, Spec.As, E);
}

bool CallTreeBuilder::makeCallFrame(const Instance &M, const FramePtr &Caller,
                                    FramePtr &Out) {
  bool HasLet = M.Class && !M.Class->Let.empty();
  if (!HasLet && M.Static.Vars.empty()) {
    Out = Caller;
    return true;
  }
  Out = new Frame();
  Out->Parent = Caller;
  Out->Static = &M.Static;
  return !HasLet || bind(*Out, M.Class->Let, &M);
}

bool CallTreeBuilder::callFrame(const Instance &M, size_t J, FramePtr &Out) {
  return makeCallFrame(M, M.Calls[J], Out);
}

void CallTreeBuilder::push(Expansion &E, uint64_t Slot, const FramePtr &Env) {
  std::vector<FramePtr> &Calls = E.SlotCalls[Slot];
  if (Calls.empty())
    E.Order.push_back(Slot);
  Calls.push_back(Env);
}

void CallTreeBuilder::addOps(Expansion &E, uint64_t N) {
  if (N && E.OwnOps == 0)
    E.Order.push_back(Expansion::Self);
  E.OwnOps += N;
}

void CallTreeBuilder::dispatch(const Instance &M, unsigned Module,
                               const FramePtr &Env, Expansion &E) {
  const ModuleSpec &Spec = M.Class->Modules[Module];
  uint64_t Base = M.SlotBase[Module];
  if (!Spec.IsList || Spec.Callable) {
    push(E, Base, Env);
    return;
  }
  for (uint64_t I = 0, N = M.Lengths[Module]; I < N; ++I)
    push(E, Base + 1 + I, Env);
}

bool CallTreeBuilder::runRoute(const Instance &M, const Step &S,
                               const FramePtr &Env, uint64_t Run,
                               std::vector<RoutedMember> &Out) {
  const ModuleSpec &L = M.Class->Modules[S.Module];
  uint64_t N = M.Lengths[S.Module];
  std::string ListAddr = M.Address;
  if (!ListAddr.empty())
    ListAddr += '.';
  ListAddr += L.Name;
  FrameScope Sc(Env.get());

  RouteRequest Req;
  Req.Members = N;
  Req.Seed = mixSeed(Seed, stableHash(ListAddr), S.RouteId, Run);
  if (S.HasTopK && !evalCount(S.TopK, Sc, Req.TopK, "'top_k'", &M))
    return false;
  if (S.HasTokens && !evalCount(S.Tokens, Sc, Req.Tokens, "'tokens'", &M))
    return false;
  Req.HasTopK = S.HasTopK;
  Req.HasTokens = S.HasTokens;

  if (O.UncalledPerCall) {
    Req.M = RouteRequest::Mode::UncalledCount;
    Req.UncalledCount = *O.UncalledPerCall;
    route(Req, Out);
    return true;
  }
  // Fails at Loc if Indices names a member the list does not have.
  auto CheckInRange = [&](llvm::ArrayRef<uint64_t> Indices,
                          const char *Loc) -> bool {
    for (uint64_t I : Indices)
      if (I >= N)
        return fail(Loc,
                    "'uncalled' names member " + Twine(I) + " of '" + ListAddr +
                        "', which has " + Twine(N) + " members",
                    &M);
    return true;
  };
  std::vector<uint64_t> Chosen; // Req.Excluded when chosen by the seed
  auto It = Uncalled.find(ListAddr);
  if (It != Uncalled.end()) {
    const ExplicitUncalled &U = *It->second;
    if (U.IsCount) {
      SplitMix64 RNG(mixSeed(Seed, stableHash(ListAddr), 0x756e63616c6c6564));
      Chosen = chooseDistinct(RNG, N, U.Count);
      Req.Excluded = Chosen;
    } else {
      if (!CheckInRange(U.Indices, U.Loc))
        return false;
      Req.Excluded = U.Indices;
    }
  }
  Req.M = S.Mode;
  if (S.Mode == RouteRequest::Mode::UncalledCount &&
      !evalCount(S.Uncalled, Sc, Req.UncalledCount, "'uncalled'", &M))
    return false;
  if (S.Mode == RouteRequest::Mode::UncalledList) {
    if (!CheckInRange(S.UncalledList, S.Loc))
      return false;
    Req.UncalledList = S.UncalledList;
  }
  route(Req, Out);
  return true;
}

bool CallTreeBuilder::runSteps(const Instance &M,
                               const std::vector<Step> &Steps, FramePtr Env,
                               Expansion &E,
                               llvm::DenseMap<unsigned, uint64_t> &RouteRuns) {
  for (const Step &S : Steps) {
    switch (S.K) {
    case Step::Kind::Ops: {
      uint64_t N;
      if (!evalCount(S.Count, FrameScope(Env.get()), N, "'ops'", &M))
        return false;
      addOps(E, N);
      break;
    }
    case Step::Kind::If: {
      int64_t C;
      if (!evalInt(S.Count, FrameScope(Env.get()), C, &M))
        return false;
      if (!runSteps(M, C ? S.Body : S.Else, Env, E, RouteRuns))
        return false;
      break;
    }
    case Step::Kind::Call:
    case Step::Kind::Each:
    case Step::Kind::Repeat:
      if (!runRepeatedStep(M, S, Env, E, RouteRuns))
        return false;
      break;
    case Step::Kind::Route:
      if (!runRouteStep(M, S, Env, E, RouteRuns))
        return false;
      break;
    }
  }
  return true;
}

bool CallTreeBuilder::runRepeatedStep(
    const Instance &M, const Step &S, const FramePtr &Env, Expansion &E,
    llvm::DenseMap<unsigned, uint64_t> &RouteRuns) {
  uint64_t Times = 1;
  if (S.K != Step::Kind::Each &&
      !evalCount(S.Count, FrameScope(Env.get()), Times,
                 S.K == Step::Kind::Repeat ? "'repeat'" : "'times'", &M))
    return false;
  bool NewFrame = S.As != NoSym || !S.With.empty();
  for (uint64_t R = 0; R < Times; ++R) {
    FramePtr Inner = Env;
    if (NewFrame) {
      Inner = new Frame();
      Inner->Parent = Env;
      if (S.As != NoSym)
        Inner->Vars.push_back({S.As, Value::integer(int64_t(R))});
      if (!bind(*Inner, S.With, &M))
        return false;
    }
    if (S.K == Step::Kind::Repeat) {
      if (!runSteps(M, S.Body, Inner, E, RouteRuns))
        return false;
    } else if (S.K == Step::Kind::Each) {
      uint64_t Base = M.SlotBase[S.Module];
      for (uint64_t I = 0, N = M.Lengths[S.Module]; I < N; ++I)
        push(E, Base + 1 + I, Inner);
    } else {
      dispatch(M, S.Module, Inner, E);
    }
  }
  return true;
}

bool CallTreeBuilder::runRouteStep(
    const Instance &M, const Step &S, FramePtr &Env, Expansion &E,
    llvm::DenseMap<unsigned, uint64_t> &RouteRuns) {
  std::vector<RoutedMember> Members;
  uint64_t Run = RouteRuns[S.RouteId]++;
  if (!runRoute(M, S, Env, Run, Members))
    return false;
  uint64_t Base = M.SlotBase[S.Module];
  for (const RoutedMember &RM : Members) {
    FramePtr Inner = new Frame();
    Inner->Parent = Env;
    Inner->Vars.push_back({D.RoutedSym, Value::integer(int64_t(RM.Tokens))});
    if (!bind(*Inner, S.With, &M))
      return false;
    push(E, Base + 1 + RM.Index, Inner);
  }
  // Later steps of this forward see how many members were called.
  FramePtr After = new Frame();
  After->Parent = Env;
  After->Vars.push_back({D.CalledSym, Value::integer(int64_t(Members.size()))});
  Env = After;
  return true;
}

bool CallTreeBuilder::expand(const Instance &M, Expansion &E) {
  E.OwnOps = 0;
  E.Order.clear();
  E.SlotCalls.clear();
  E.SlotCalls.resize(M.NumSlots);
  if (M.isContainer()) {
    // A called container (a Sequential) calls its elements in order.
    for (const FramePtr &Caller : M.Calls)
      for (uint64_t I = 0; I < M.NumSlots; ++I)
        push(E, I, Caller);
    return true;
  }
  const Expr *Ops = M.opsExpr();
  if (M.Class->isLeaf() && (!Ops || Ops->isConstant())) {
    if (Ops) {
      int64_t N = Ops->constantValue();
      if (N < 0)
        return fail(Ops->loc(), "'ops' is negative (" + Twine(N) + ")", &M);
      addOps(E, uint64_t(N) * M.Calls.size());
    }
    return true;
  }
  llvm::DenseMap<unsigned, uint64_t> RouteRuns;
  for (const FramePtr &Caller : M.Calls) {
    FramePtr F;
    if (!makeCallFrame(M, Caller, F))
      return false;
    if (Ops) {
      uint64_t N;
      if (!evalCount(*Ops, FrameScope(F.get()), N, "'ops'", &M))
        return false;
      addOps(E, N);
    }
    if (!runSteps(M, M.Class->Forward, F, E, RouteRuns))
      return false;
  }
  return true;
}

bool CallTreeBuilder::evalTensors(
    const Instance &M, const std::vector<TensorSpec> &Specs, const Frame *F,
    std::vector<std::pair<llvm::SmallVector<int64_t, 4>, StringRef>> &Out) {
  Out.clear();
  FrameScope S(F);
  const TensorDefaults *TD = findTensorDefaults(
      M, [](const TensorDefaults &T) { return !T.DType.empty(); });
  StringRef Default = TD ? StringRef(TD->DType) : StringRef(D.DType);
  for (const TensorSpec &T : Specs) {
    llvm::SmallVector<int64_t, 4> Shape;
    if (T.ShapeVar != NoSym) {
      const Value *V = S.lookup(T.ShapeVar);
      if (!V)
        return fail(T.Loc,
                    "'" + D.Syms.name(T.ShapeVar) + "' is not bound here", &M);
      if (!V->isShape())
        return fail(
            T.Loc,
            "'" + D.Syms.name(T.ShapeVar) + "' is an integer, not a shape", &M);
      Shape = V->Dims;
    } else if (!evalDims(T.Dims, S, Shape, &M)) {
      return false;
    }
    Out.push_back(
        {std::move(Shape), T.DType.empty() ? Default : StringRef(T.DType)});
  }
  return true;
}
