//===- ModelDescription.cpp - Reading and checking model descriptions -----===//
//
// Three phases: collect the classes, resolve variants (a variant inherits
// its base's fields and overrides some), then parse every class's fields
// into ClassDecl, checking references as it goes. Stops at the first error.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/ModelDescription.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <functional>
#include <set>

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

int ClassDecl::findModule(StringRef Name) const {
  for (size_t I = 0; I < Modules.size(); ++I)
    if (Modules[I].Name == Name)
      return int(I);
  return -1;
}

const ModelDescription::Param *
ModelDescription::findParam(StringRef Name) const {
  for (const Param &P : Params)
    if (P.Name == Name)
      return &P;
  return nullptr;
}

namespace {

bool isIdentifier(StringRef S) {
  if (S.empty() || !(llvm::isAlpha(S[0]) || S[0] == '_'))
    return false;
  for (char C : S)
    if (!(llvm::isAlnum(C) || C == '_'))
      return false;
  return true;
}

/// A class's fields after variants are resolved: JSON values still to be
/// parsed. Lists keep their order; a variant's entries replace its base's
/// entries of the same name in place, new ones are appended.
struct RawClass {
  std::string Key;
  const JValue *Obj = nullptr;
  const char *KeyLoc = nullptr;
  int Base = -1;
  std::string TorchName;
  const JValue *Ops = nullptr, *Forward = nullptr, *Input = nullptr,
               *Output = nullptr, *DType = nullptr;
  std::vector<const JMember *> Params, Modules, Let;
  enum { Unresolved, InProgress, Done } State = Unresolved;
};

class DescriptionParser {
public:
  DescriptionParser(Diagnostics &Diags, ModelDescription &D) : R(Diags), D(D) {}

  bool parse(const JValue &Doc);

private:
  bool error(const char *Loc, const Twine &Msg) { return R.error(Loc, Msg); }

  bool parseExpr(const JValue &V, const Twine &What, Expr &Out);
  bool parseIdent(const JValue &V, const Twine &What, unsigned &Sym);
  bool parseDims(const JValue &V, const Twine &What, std::vector<DimSpec> &Out);
  bool parseBindings(const JValue &V, const Twine &What,
                     std::vector<Binding> &Out);
  bool parseBinding(const JMember &M, const Twine &What, Binding &Out);
  bool parseTensors(const JValue &V, const Twine &What,
                    std::vector<TensorSpec> &Out);
  bool parseDType(const JValue &V, const Twine &What, std::string &Out);
  bool parseTensorDefaults(const JValue *Input, const JValue *Output,
                           const JValue *DType, TensorDefaults &Out);
  bool parseParamValue(const JValue &V, const Twine &What, ParamValue &Out);
  bool parseInstance(const JValue &V, const Twine &What, InstanceSpec &Out);
  /// The 'params' of an instance object, and the check that every required
  /// parameter of its class is given.
  bool parseInstanceArgs(const JValue &V, const Twine &What, InstanceSpec &Out);
  bool parseModule(const JMember &M, const ClassDecl &Owner, ModuleSpec &Out);
  /// The members of a list container: 'elements', or 'of', 'length', 'at'.
  bool parseListMembers(const JMember &M, ModuleSpec &Out);
  bool parseSelector(const JMember &M, IndexSelector &Out);
  bool inheritArgs(const JValue &V, const InstanceSpec &Of, InstanceSpec &Out);
  bool parseSteps(const JValue &V, ClassDecl &C, std::vector<Step> &Out);
  bool parseStep(const JValue &V, ClassDecl &C, Step &Out);
  /// Which of call, each, repeat, if, ops, route the step object V is.
  bool stepKind(const JValue &V, StringRef &Kind);
  bool parseStepWith(const JValue &V, Step &S);
  bool parseStepAs(const JValue &V, Step &S);
  bool parseCallStep(const JValue &V, ClassDecl &C, Step &S);
  bool parseEachStep(const JValue &V, ClassDecl &C, Step &S);
  bool parseRepeatStep(const JValue &V, ClassDecl &C, Step &S);
  bool parseIfStep(const JValue &V, ClassDecl &C, Step &S);
  bool parseRouteStep(const JValue &V, ClassDecl &C, Step &S);
  bool moduleRef(const JValue &V, const ClassDecl &C, unsigned &Index);
  bool parseIndexList(const JValue &V, const Twine &What,
                      std::vector<uint64_t> &Out);

  // The parts of a description, in order.
  bool parseHeader(const JValue &Doc);
  bool parseModelParams(const JValue &Doc);
  bool parseClasses(const JValue &Classes);
  bool parseClassParams(unsigned I);
  bool parseModelClass(const JValue &Doc);
  bool parseUncalled(const JValue &U);
  bool parseEvents(const JValue &List);

  bool collectClasses(const JValue &Classes);
  bool resolveVariant(unsigned I);
  bool parseClassFields(unsigned I);
  bool checkNoSelfContainment();

  ClassDecl *classByKey(StringRef Key) {
    auto It = Index.find(Key);
    return It == Index.end() ? nullptr : D.Classes[It->second].get();
  }

  JReader R;
  ModelDescription &D;
  std::vector<RawClass> Raw;
  llvm::StringMap<unsigned> Index;
  unsigned NextRouteId = 0;
};

bool DescriptionParser::parseExpr(const JValue &V, const Twine &What,
                                  Expr &Out) {
  if (V.isInteger()) {
    if (V.magnitude() > uint64_t(INT64_MAX))
      return error(V.loc(), What + " is too large");
    int64_t I = int64_t(V.magnitude());
    Out = Expr::constant(V.negative() ? -I : I, V.loc());
    return true;
  }
  if (V.isString()) {
    EvalError E;
    if (!Expr::parse(V.str(), V.loc() + 1, D.Syms, Out, E))
      return error(E.Loc ? E.Loc : V.loc(), What + ": " + E.Message);
    return true;
  }
  return error(V.loc(), What + " must be an integer or an expression " +
                            "string, not " + V.describe());
}

bool DescriptionParser::parseIdent(const JValue &V, const Twine &What,
                                   unsigned &Sym) {
  if (!V.isString())
    return error(V.loc(), What + " must be a string, not " + V.describe());
  if (!isIdentifier(V.str()))
    return error(V.loc(), What +
                              " must be a name (letters, digits and '_'),"
                              " not '" +
                              V.str() + "'");
  Sym = D.Syms.intern(V.str());
  return true;
}

bool DescriptionParser::parseDims(const JValue &V, const Twine &What,
                                  std::vector<DimSpec> &Out) {
  if (!R.expectKind(V, JValue::Kind::Array, What))
    return false;
  for (const JValue &E : V.elements()) {
    DimSpec Dim;
    Dim.Loc = E.loc();
    if (E.isString() && StringRef(E.str()).startswith("*")) {
      StringRef Name = StringRef(E.str()).drop_front();
      if (!isIdentifier(Name))
        return error(E.loc(), "'" + E.str() +
                                  "' must be '*' followed by the name of a "
                                  "shape");
      Dim.Splice = D.Syms.intern(Name);
    } else if (!parseExpr(E, "a dimension of " + What, Dim.E)) {
      return false;
    }
    Out.push_back(std::move(Dim));
  }
  return true;
}

bool DescriptionParser::parseBinding(const JMember &M, const Twine &What,
                                     Binding &Out) {
  if (!isIdentifier(M.Key))
    return error(M.KeyLoc, "'" + M.Key + "' in " + What +
                               " must be a name (letters, digits and '_')");
  Out.Sym = D.Syms.intern(M.Key);
  Out.Loc = M.KeyLoc;
  if (M.Value.isArray()) {
    Out.IsShape = true;
    return parseDims(M.Value, "'" + M.Key + "'", Out.Dims);
  }
  return parseExpr(M.Value, "'" + M.Key + "'", Out.IntExpr);
}

bool DescriptionParser::parseBindings(const JValue &V, const Twine &What,
                                      std::vector<Binding> &Out) {
  if (!R.expectKind(V, JValue::Kind::Object, What))
    return false;
  for (const JMember &M : V.members()) {
    Binding B;
    if (!parseBinding(M, What, B))
      return false;
    Out.push_back(std::move(B));
  }
  return true;
}

bool DescriptionParser::parseDType(const JValue &V, const Twine &What,
                                   std::string &Out) {
  if (!R.getString(V, What, Out))
    return false;
  if (Out.empty())
    return error(V.loc(), What + " must not be empty");
  return true;
}

bool DescriptionParser::parseTensorDefaults(const JValue *Input,
                                            const JValue *Output,
                                            const JValue *DType,
                                            TensorDefaults &Out) {
  if (Input) {
    Out.HasInputs = true;
    if (!parseTensors(*Input, "'input'", Out.Inputs))
      return false;
  }
  if (Output) {
    Out.HasOutputs = true;
    if (!parseTensors(*Output, "'output'", Out.Outputs))
      return false;
  }
  return !DType || parseDType(*DType, "'dtype'", Out.DType);
}

bool DescriptionParser::parseTensors(const JValue &V, const Twine &What,
                                     std::vector<TensorSpec> &Out) {
  if (!R.expectKind(V, JValue::Kind::Array, What))
    return false;
  for (const JValue &E : V.elements()) {
    TensorSpec T;
    T.Loc = E.loc();
    const JValue *Shape = &E;
    if (E.isObject()) {
      if (!R.checkKeys(E, {"shape", "dtype"}, "a tensor of " + What))
        return false;
      Shape = E.get("shape");
      if (!Shape)
        return error(E.loc(), "a tensor of " + What + " needs a 'shape'");
      if (const JValue *DT = E.get("dtype"))
        if (!parseDType(*DT, "a tensor's 'dtype'", T.DType))
          return false;
    }
    if (Shape->isString()) {
      if (!parseIdent(*Shape, "a tensor of " + What, T.ShapeVar))
        return false;
    } else if (Shape->isArray()) {
      if (!parseDims(*Shape, "a tensor shape", T.Dims))
        return false;
    } else {
      return error(Shape->loc(),
                   "a tensor of " + What +
                       " must be a shape (an array of dimensions), the name "
                       "of a shape, or an object with 'shape' and 'dtype', "
                       "not " +
                       Shape->describe());
    }
    Out.push_back(std::move(T));
  }
  return true;
}

bool DescriptionParser::parseParamValue(const JValue &V, const Twine &What,
                                        ParamValue &Out) {
  Out.Loc = V.loc();
  if (V.isBool()) {
    Out.K = ParamValue::Kind::Bool;
    Out.B = V.boolValue();
    return true;
  }
  if (V.isArray()) {
    Out.K = ParamValue::Kind::Shape;
    return parseDims(V, What, Out.Dims);
  }
  if (V.isInteger() || V.isString()) {
    Out.K = ParamValue::Kind::Int;
    return parseExpr(V, What, Out.IntExpr);
  }
  return error(V.loc(), What +
                            " must be an integer, an expression string, a "
                            "boolean or an array, not " +
                            V.describe());
}

bool DescriptionParser::parseInstance(const JValue &V, const Twine &What,
                                      InstanceSpec &Out) {
  Out.Loc = V.loc();
  const JValue *ClassV = &V;
  if (V.isObject()) {
    if (!R.checkKeys(
            V, {"class", "params", "ops", "input", "output", "dtype", "doc"},
            What))
      return false;
    ClassV = V.get("class");
    if (!ClassV)
      return error(V.loc(), What + " needs a 'class'");
  } else if (!V.isString()) {
    return error(V.loc(), What + " must be a class name or an object, not " +
                              V.describe());
  }
  if (!ClassV->isString())
    return error(ClassV->loc(),
                 Twine("'class' must be a string, not ") + ClassV->describe());
  Out.Class = classByKey(ClassV->str());
  if (!Out.Class)
    return error(ClassV->loc(), "unknown class '" + ClassV->str() + "'");
  if (!V.isObject()) {
    for (const ParamDecl &P : Out.Class->Params)
      if (P.Required)
        return error(V.loc(), "class '" + Out.Class->Key +
                                  "' needs parameter '" + P.Name +
                                  "': write {\"class\": \"" + Out.Class->Key +
                                  "\", \"params\": {...}}");
    return true;
  }

  if (!parseInstanceArgs(V, What, Out))
    return false;
  if (const JValue *Ops = V.get("ops")) {
    Out.HasOps = true;
    if (!parseExpr(*Ops, "'ops'", Out.Ops))
      return false;
  }
  if (!parseTensorDefaults(V.get("input"), V.get("output"), V.get("dtype"),
                           Out.Tensors))
    return false;
  if (const JValue *Doc = V.get("doc"))
    if (!R.expectKind(*Doc, JValue::Kind::String, "'doc'"))
      return false;
  return true;
}

bool DescriptionParser::parseInstanceArgs(const JValue &V, const Twine &What,
                                          InstanceSpec &Out) {
  if (const JValue *Params = V.get("params")) {
    if (!R.expectKind(*Params, JValue::Kind::Object, "'params'"))
      return false;
    for (const JMember &M : Params->members()) {
      const ParamDecl *Decl = nullptr;
      for (const ParamDecl &P : Out.Class->Params)
        if (P.Name == M.Key)
          Decl = &P;
      if (!Decl) {
        std::string Known;
        for (const ParamDecl &P : Out.Class->Params)
          Known += (Known.empty() ? "'" : ", '") + P.Name + "'";
        return error(M.KeyLoc,
                     "class '" + Out.Class->Key + "' has no parameter '" +
                         M.Key + "' (" +
                         (Known.empty() ? "it has none" : "it has " + Known) +
                         ")");
      }
      ParamArg A;
      A.Sym = Decl->Sym;
      A.Name = M.Key;
      A.Loc = M.KeyLoc;
      if (M.Value.isNull())
        return error(M.Value.loc(),
                     "parameter '" + M.Key + "' needs a value, not null");
      if (!parseParamValue(M.Value, "parameter '" + M.Key + "'", A.Val))
        return false;
      Out.Args.push_back(std::move(A));
    }
  }
  for (const ParamDecl &P : Out.Class->Params) {
    if (!P.Required)
      continue;
    bool Given = false;
    for (const ParamArg &A : Out.Args)
      Given |= A.Sym == P.Sym;
    if (!Given)
      return error(V.loc(), What + " of class '" + Out.Class->Key +
                                "' needs parameter '" + P.Name + "'");
  }
  return true;
}

bool DescriptionParser::inheritArgs(const JValue &V, const InstanceSpec &Of,
                                    InstanceSpec &Out) {
  Out.Loc = V.loc();
  Out.Class = classByKey(V.str());
  if (!Out.Class)
    return error(V.loc(), "unknown class '" + V.str() + "'");
  for (const ParamArg &A : Of.Args) {
    bool Known = false;
    for (const ParamDecl &P : Out.Class->Params)
      Known |= P.Sym == A.Sym;
    if (!Known)
      return error(V.loc(), "class '" + Out.Class->Key +
                                "' has no parameter '" + A.Name +
                                "', which 'of' passes; give its arguments "
                                "with {\"class\": ..., \"params\": {...}}");
  }
  for (const ParamDecl &P : Out.Class->Params) {
    bool Given = false;
    for (const ParamArg &A : Of.Args)
      Given |= A.Sym == P.Sym;
    if (P.Required && !Given)
      return error(V.loc(), "class '" + Out.Class->Key + "' needs parameter '" +
                                P.Name + "', which 'of' does not pass");
  }
  const ClassDecl *Class = Out.Class;
  Out = Of;
  Out.Class = Class;
  Out.Loc = V.loc();
  return true;
}

bool DescriptionParser::parseSelector(const JMember &M, IndexSelector &Out) {
  Out.Loc = M.KeyLoc;
  Out.Text = M.Key;
  StringRef Text = M.Key;
  const char *Base = M.KeyLoc + 1;
  // Split on ',' and ':' outside parentheses.
  size_t Start = 0;
  int Depth = 0;
  IndexSelector::Item Item;
  std::vector<std::pair<size_t, size_t>> Parts;
  auto FinishItem = [&](size_t End) -> bool {
    Parts.push_back({Start, End});
    if (Parts.size() > 3)
      return error(Base + Start, "a slice has at most three parts "
                                 "(start:stop:step)");
    auto Part = [&](size_t I, bool &Has, Expr &E) -> bool {
      StringRef P =
          Text.substr(Parts[I].first, Parts[I].second - Parts[I].first);
      Has = !P.trim().empty();
      if (!Has)
        return true;
      EvalError Err;
      if (!Expr::parse(P, Base + Parts[I].first, D.Syms, E, Err))
        return error(Err.Loc ? Err.Loc : M.KeyLoc,
                     "index selector '" + M.Key + "': " + Err.Message);
      return true;
    };
    Item.IsSlice = Parts.size() > 1;
    if (!Item.IsSlice) {
      bool Has;
      if (!Part(0, Has, Item.Start))
        return false;
      if (!Has)
        return error(Base + Start, "empty index in selector '" + M.Key + "'");
    } else {
      if (!Part(0, Item.HasStart, Item.Start) ||
          !Part(1, Item.HasStop, Item.Stop) ||
          (Parts.size() > 2 && !Part(2, Item.HasStep, Item.Step)))
        return false;
    }
    Out.Items.push_back(std::move(Item));
    Item = IndexSelector::Item();
    Parts.clear();
    return true;
  };
  for (size_t I = 0; I <= Text.size(); ++I) {
    char C = I < Text.size() ? Text[I] : ',';
    if (C == '(')
      ++Depth;
    else if (C == ')')
      --Depth;
    if (Depth != 0)
      continue;
    if (C == ':') {
      Parts.push_back({Start, I});
      Start = I + 1;
    } else if (C == ',') {
      if (!FinishItem(I))
        return false;
      Start = I + 1;
    }
  }
  return true;
}

bool DescriptionParser::parseModule(const JMember &M, const ClassDecl &Owner,
                                    ModuleSpec &Out) {
  Out.Name = M.Key;
  Out.Loc = M.KeyLoc;
  if (!isIdentifier(M.Key))
    return error(M.KeyLoc, "module name '" + M.Key + "' of class '" +
                               Owner.Key + "' must be a Python attribute name");
  const JValue &V = M.Value;
  std::string What = "module '" + M.Key + "'";
  if (!V.isObject() || !V.get("list"))
    return parseInstance(V, What, Out.Inst);

  Out.IsList = true;
  if (!R.checkKeys(V,
                   {"list", "of", "length", "at", "elements", "as", "callable",
                    "input", "output", "dtype", "doc"},
                   "list container '" + M.Key + "'"))
    return false;
  if (!R.getString(*V.get("list"), "'list'", Out.ContainerClass))
    return false;
  if (!isIdentifier(Out.ContainerClass))
    return error(V.get("list")->loc(),
                 "'list' must name the container class (ModuleList, "
                 "Sequential, ...), not '" +
                     Out.ContainerClass + "'");
  Out.Callable = Out.ContainerClass == "Sequential";
  if (const JValue *C = V.get("callable"))
    if (!R.getBool(*C, "'callable'", Out.Callable))
      return false;
  if (const JValue *As = V.get("as"))
    if (!parseIdent(*As, "'as'", Out.As))
      return false;
  if (const JValue *Doc = V.get("doc"))
    if (!R.expectKind(*Doc, JValue::Kind::String, "'doc'"))
      return false;
  if (!parseTensorDefaults(V.get("input"), V.get("output"), V.get("dtype"),
                           Out.Tensors))
    return false;

  return parseListMembers(M, Out);
}

bool DescriptionParser::parseListMembers(const JMember &M, ModuleSpec &Out) {
  const JValue &V = M.Value;
  const JValue *Elements = V.get("elements");
  const JValue *Of = V.get("of"), *Length = V.get("length"), *At = V.get("at");
  if (Elements) {
    if (Of || Length || At)
      return error(Elements->loc(),
                   "list container '" + M.Key +
                       "' has 'elements'; it cannot also have 'of', "
                       "'length' or 'at'");
    if (!R.expectKind(*Elements, JValue::Kind::Array, "'elements'"))
      return false;
    Out.HasElements = true;
    for (const JValue &E : Elements->elements()) {
      InstanceSpec S;
      if (!parseInstance(E, "an element of '" + M.Key + "'", S))
        return false;
      Out.Elements.push_back(std::move(S));
    }
    return true;
  }
  if (!Of || !Length)
    return error(V.loc(), "list container '" + M.Key +
                              "' needs 'of' and 'length', or 'elements'");
  if (!parseInstance(*Of, "the elements of '" + M.Key + "'", Out.Of) ||
      !parseExpr(*Length, "'length'", Out.Length))
    return false;
  if (!At)
    return true;
  if (!R.expectKind(*At, JValue::Kind::Object, "'at'"))
    return false;
  for (const JMember &AM : At->members()) {
    IndexSelector Sel;
    InstanceSpec S;
    if (!parseSelector(AM, Sel))
      return false;
    if (AM.Value.isString() && !Out.Of.Args.empty()) {
      // A class name alone takes the arguments of 'of'.
      if (!inheritArgs(AM.Value, Out.Of, S))
        return false;
    } else if (!parseInstance(AM.Value,
                              "elements '" + AM.Key + "' of '" + M.Key + "'",
                              S)) {
      return false;
    }
    Out.At.push_back({std::move(Sel), std::move(S)});
  }
  return true;
}

bool DescriptionParser::moduleRef(const JValue &V, const ClassDecl &C,
                                  unsigned &Index) {
  if (!V.isString())
    return error(V.loc(),
                 Twine("a module name must be a string, not ") + V.describe());
  int I = C.findModule(V.str());
  if (I < 0) {
    std::string Known;
    for (const ModuleSpec &M : C.Modules)
      Known += (Known.empty() ? "'" : ", '") + M.Name + "'";
    return error(
        V.loc(),
        "'" + V.str() + "' is not a module of class '" + C.Key + "' (" +
            (Known.empty() ? "it has none" : "its modules: " + Known) + ")");
  }
  Index = unsigned(I);
  return true;
}

bool DescriptionParser::parseIndexList(const JValue &V, const Twine &What,
                                       std::vector<uint64_t> &Out) {
  for (const JValue &E : V.elements()) {
    uint64_t I;
    if (!R.getUInt(E, What, I))
      return false;
    Out.push_back(I);
  }
  std::sort(Out.begin(), Out.end());
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return true;
}

bool DescriptionParser::parseSteps(const JValue &V, ClassDecl &C,
                                   std::vector<Step> &Out) {
  if (!R.expectKind(V, JValue::Kind::Array, "'forward'"))
    return false;
  for (const JValue &E : V.elements()) {
    Step S;
    if (!parseStep(E, C, S))
      return false;
    Out.push_back(std::move(S));
  }
  return true;
}

bool DescriptionParser::parseStep(const JValue &V, ClassDecl &C, Step &S) {
  S.Loc = V.loc();
  if (V.isString()) {
    // A module name: call it (or, for a list container, each member).
    if (!moduleRef(V, C, S.Module))
      return false;
    const ModuleSpec &M = C.Modules[S.Module];
    S.K = (M.IsList && !M.Callable) ? Step::Kind::Each : Step::Kind::Call;
    S.Count = Expr::constant(1, V.loc());
    return true;
  }
  if (!V.isObject())
    return error(V.loc(), Twine("a forward step must be a module name or "
                                "an object, not ") +
                              V.describe());
  StringRef K;
  if (!stepKind(V, K))
    return false;
  if (K == "call")
    return parseCallStep(V, C, S);
  if (K == "each")
    return parseEachStep(V, C, S);
  if (K == "repeat")
    return parseRepeatStep(V, C, S);
  if (K == "if")
    return parseIfStep(V, C, S);
  if (K == "ops") {
    S.K = Step::Kind::Ops;
    return R.checkKeys(V, {"ops"}, "an 'ops' step") &&
           parseExpr(*V.get("ops"), "'ops'", S.Count);
  }
  return parseRouteStep(V, C, S);
}

bool DescriptionParser::stepKind(const JValue &V, StringRef &Kind) {
  static const char *const Kinds[] = {"call", "each", "repeat",
                                      "if",   "ops",  "route"};
  const char *Found = nullptr;
  for (const char *K : Kinds)
    if (V.get(K)) {
      if (Found)
        return error(V.loc(), Twine("a forward step has one of 'call', "
                                    "'each', 'repeat', 'if', 'ops' or "
                                    "'route', not both '") +
                                  Found + "' and '" + K + "'");
      Found = K;
    }
  if (!Found)
    return error(V.loc(), "a forward step needs one of 'call', 'each', "
                          "'repeat', 'if', 'ops' or 'route'");
  Kind = Found;
  return true;
}

bool DescriptionParser::parseStepWith(const JValue &V, Step &S) {
  if (const JValue *W = V.get("with"))
    return parseBindings(*W, "'with'", S.With);
  return true;
}

bool DescriptionParser::parseStepAs(const JValue &V, Step &S) {
  if (const JValue *A = V.get("as"))
    return parseIdent(*A, "'as'", S.As);
  return true;
}

bool DescriptionParser::parseCallStep(const JValue &V, ClassDecl &C, Step &S) {
  S.K = Step::Kind::Call;
  if (!R.checkKeys(V, {"call", "times", "as", "with"}, "a 'call' step") ||
      !moduleRef(*V.get("call"), C, S.Module) || !parseStepWith(V, S) ||
      !parseStepAs(V, S))
    return false;
  if (const JValue *T = V.get("times"))
    return parseExpr(*T, "'times'", S.Count);
  S.Count = Expr::constant(1, V.loc());
  return true;
}

bool DescriptionParser::parseEachStep(const JValue &V, ClassDecl &C, Step &S) {
  S.K = Step::Kind::Each;
  if (!R.checkKeys(V, {"each", "with"}, "an 'each' step") ||
      !moduleRef(*V.get("each"), C, S.Module) || !parseStepWith(V, S))
    return false;
  if (!C.Modules[S.Module].IsList)
    return error(V.get("each")->loc(), "'each' iterates a list container; '" +
                                           C.Modules[S.Module].Name +
                                           "' is a plain module");
  S.Count = Expr::constant(1, V.loc());
  return true;
}

bool DescriptionParser::parseRepeatStep(const JValue &V, ClassDecl &C,
                                        Step &S) {
  S.K = Step::Kind::Repeat;
  if (!R.checkKeys(V, {"repeat", "as", "with", "do"}, "a 'repeat' step") ||
      !parseExpr(*V.get("repeat"), "'repeat'", S.Count) ||
      !parseStepWith(V, S) || !parseStepAs(V, S))
    return false;
  const JValue *Do = V.get("do");
  if (!Do)
    return error(V.loc(), "a 'repeat' step needs 'do', the steps to "
                          "repeat");
  return parseSteps(*Do, C, S.Body);
}

bool DescriptionParser::parseIfStep(const JValue &V, ClassDecl &C, Step &S) {
  S.K = Step::Kind::If;
  if (!R.checkKeys(V, {"if", "do", "else"}, "an 'if' step") ||
      !parseExpr(*V.get("if"), "'if'", S.Count))
    return false;
  const JValue *Do = V.get("do");
  if (!Do)
    return error(V.loc(), "an 'if' step needs 'do'");
  if (!parseSteps(*Do, C, S.Body))
    return false;
  if (const JValue *Else = V.get("else"))
    return parseSteps(*Else, C, S.Else);
  return true;
}

bool DescriptionParser::parseRouteStep(const JValue &V, ClassDecl &C, Step &S) {
  S.K = Step::Kind::Route;
  S.RouteId = NextRouteId++;
  if (!R.checkKeys(V, {"route", "top_k", "tokens", "uncalled", "with"},
                   "a 'route' step") ||
      !moduleRef(*V.get("route"), C, S.Module) || !parseStepWith(V, S))
    return false;
  if (!C.Modules[S.Module].IsList)
    return error(V.get("route")->loc(),
                 "'route' chooses members of a list container; '" +
                     C.Modules[S.Module].Name + "' is a plain module");
  if (const JValue *T = V.get("top_k")) {
    S.HasTopK = true;
    if (!parseExpr(*T, "'top_k'", S.TopK))
      return false;
  }
  if (const JValue *T = V.get("tokens")) {
    S.HasTokens = true;
    if (!parseExpr(*T, "'tokens'", S.Tokens))
      return false;
  }
  if (const JValue *U = V.get("uncalled")) {
    if (U->isArray()) {
      S.Mode = Step::RouteMode::UncalledList;
      return parseIndexList(*U, "an index in 'uncalled'", S.UncalledList);
    }
    S.Mode = Step::RouteMode::UncalledCount;
    return parseExpr(*U, "'uncalled'", S.Uncalled);
  }
  if (S.HasTopK)
    S.Mode = Step::RouteMode::Simulate;
  else if (S.HasTokens)
    return error(V.get("tokens")->loc(),
                 "'tokens' needs 'top_k' (how many members each token "
                 "chooses)");
  return true;
}

bool DescriptionParser::collectClasses(const JValue &Classes) {
  if (!R.expectKind(Classes, JValue::Kind::Object, "'classes'"))
    return false;
  for (const JMember &M : Classes.members()) {
    RawClass C;
    C.Key = M.Key;
    C.Obj = &M.Value;
    C.KeyLoc = M.KeyLoc;
    if (M.Key.empty())
      return error(M.KeyLoc, "a class name must not be empty");
    if (!R.expectKind(M.Value, JValue::Kind::Object, "class '" + M.Key + "'") ||
        !R.checkKeys(M.Value,
                     {"variant_of", "doc", "params", "modules", "let", "ops",
                      "forward", "input", "output", "dtype"},
                     "class '" + M.Key + "'"))
      return false;
    if (!M.Value.get("variant_of") && !isIdentifier(M.Key))
      return error(M.KeyLoc, "class name '" + M.Key +
                                 "' must be a Python class name; only a "
                                 "variant ('variant_of') may be named "
                                 "otherwise");
    Index[M.Key] = unsigned(Raw.size());
    Raw.push_back(std::move(C));
  }
  return true;
}

bool DescriptionParser::resolveVariant(unsigned I) {
  RawClass &C = Raw[I];
  if (C.State == RawClass::Done)
    return true;
  if (C.State == RawClass::InProgress)
    return error(C.KeyLoc, "class '" + C.Key + "' is a variant of itself");
  C.State = RawClass::InProgress;
  const JValue &O = *C.Obj;
  auto Members = [&](const char *Key,
                     std::vector<const JMember *> &Out) -> bool {
    const JValue *V = O.get(Key);
    if (!V)
      return true;
    if (!R.expectKind(*V, JValue::Kind::Object, Twine("'") + Key + "'"))
      return false;
    for (const JMember &M : V->members()) {
      bool Replaced = false;
      for (const JMember *&Old : Out)
        if (Old->Key == M.Key) {
          Old = &M;
          Replaced = true;
        }
      if (!Replaced)
        Out.push_back(&M);
    }
    return true;
  };

  if (const JValue *Base = O.get("variant_of")) {
    if (!Base->isString())
      return error(Base->loc(),
                   Twine("'variant_of' must be a class name, not ") +
                       Base->describe());
    auto It = Index.find(Base->str());
    if (It == Index.end())
      return error(Base->loc(), "unknown class '" + Base->str() + "'");
    if (!resolveVariant(It->second))
      return false;
    const RawClass &B = Raw[It->second];
    C.Base = int(It->second);
    C.TorchName = B.TorchName;
    C.Ops = B.Ops;
    C.Forward = B.Forward;
    C.Input = B.Input;
    C.Output = B.Output;
    C.DType = B.DType;
    C.Params = B.Params;
    C.Modules = B.Modules;
    C.Let = B.Let;
  } else {
    C.TorchName = C.Key;
  }
  if (const JValue *V = O.get("ops"))
    C.Ops = V;
  if (const JValue *V = O.get("forward"))
    C.Forward = V;
  if (const JValue *V = O.get("input"))
    C.Input = V;
  if (const JValue *V = O.get("output"))
    C.Output = V;
  if (const JValue *V = O.get("dtype"))
    C.DType = V;
  if (!Members("params", C.Params) || !Members("modules", C.Modules) ||
      !Members("let", C.Let))
    return false;
  if (const JValue *Doc = O.get("doc"))
    if (!R.expectKind(*Doc, JValue::Kind::String, "'doc'"))
      return false;
  C.State = RawClass::Done;
  return true;
}

bool DescriptionParser::parseClassFields(unsigned I) {
  const RawClass &RC = Raw[I];
  ClassDecl &C = *D.Classes[I];
  for (const JMember *M : RC.Modules) {
    ModuleSpec S;
    if (!parseModule(*M, C, S))
      return false;
    C.Modules.push_back(std::move(S));
  }
  for (const JMember *M : RC.Let) {
    Binding B;
    if (!parseBinding(*M, "'let'", B))
      return false;
    C.Let.push_back(std::move(B));
  }
  if (RC.Ops) {
    C.HasOps = true;
    if (!parseExpr(*RC.Ops, "'ops'", C.Ops))
      return false;
  }
  if (RC.Forward && !parseSteps(*RC.Forward, C, C.Forward))
    return false;
  // A list is either called (a Sequential: its elements are its children)
  // or iterated (its elements are this class's children), not both.
  std::vector<const Step *> Called(C.Modules.size()),
      Iterated(C.Modules.size());
  std::function<bool(const std::vector<Step> &)> CheckUses =
      [&](const std::vector<Step> &Steps) -> bool {
    for (const Step &S : Steps) {
      if (S.K == Step::Kind::Call || S.K == Step::Kind::Each ||
          S.K == Step::Kind::Route) {
        const ModuleSpec &M = C.Modules[S.Module];
        if (M.IsList) {
          bool IsCall = S.K == Step::Kind::Call && M.Callable;
          (IsCall ? Called : Iterated)[S.Module] = &S;
          if (Called[S.Module] && Iterated[S.Module])
            return error(S.Loc, "list container '" + M.Name +
                                    "' is both called and iterated by the "
                                    "forward of class '" +
                                    C.Key +
                                    "'; its elements would have two "
                                    "callers");
        }
      }
      if (!CheckUses(S.Body) || !CheckUses(S.Else))
        return false;
    }
    return true;
  };
  if (!CheckUses(C.Forward))
    return false;
  return parseTensorDefaults(RC.Input, RC.Output, RC.DType, C.Tensors);
}

bool DescriptionParser::checkNoSelfContainment() {
  // Depth-first search over "class A has a module of class B".
  enum Color { White, Grey, Black };
  std::vector<Color> Colors(D.Classes.size(), White);
  std::vector<const char *> Via;
  std::function<bool(const ClassDecl *, const char *)> Visit =
      [&](const ClassDecl *C, const char *Loc) -> bool {
    unsigned I = Index[C->Key];
    if (Colors[I] == Black)
      return true;
    if (Colors[I] == Grey)
      return error(Loc, "class '" + C->Key +
                            "' contains itself: a module tree must be "
                            "finite");
    Colors[I] = Grey;
    for (const ModuleSpec &M : C->Modules) {
      std::vector<const InstanceSpec *> Specs;
      if (!M.IsList)
        Specs.push_back(&M.Inst);
      else if (M.HasElements)
        for (const InstanceSpec &S : M.Elements)
          Specs.push_back(&S);
      else {
        Specs.push_back(&M.Of);
        for (const auto &A : M.At)
          Specs.push_back(&A.second);
      }
      for (const InstanceSpec *S : Specs)
        if (!Visit(S->Class, S->Loc))
          return false;
    }
    Colors[I] = Black;
    return true;
  };
  return Visit(D.Root, D.Root->Loc);
}

bool DescriptionParser::parse(const JValue &Doc) {
  // In the order of the format's documentation, so that the first problem
  // reported is the first one a reader of the file meets.
  if (!R.expectKind(Doc, JValue::Kind::Object, "a model description") ||
      !R.checkKeys(Doc,
                   {"name", "doc", "dtype", "seed", "size_param", "params",
                    "model", "classes", "uncalled", "events"},
                   "a model description"))
    return false;
  if (!parseHeader(Doc))
    return false;
  D.CalledSym = D.Syms.intern("called");
  D.RoutedSym = D.Syms.intern("routed");
  if (!parseModelParams(Doc))
    return false;
  const JValue *Classes = Doc.get("classes");
  if (!Classes)
    return error(Doc.loc(), "a model description needs 'classes'");
  if (!parseClasses(*Classes) || !parseModelClass(Doc) ||
      !checkNoSelfContainment())
    return false;
  if (const JValue *E = Doc.get("events"))
    if (!parseEvents(*E))
      return false;
  if (const JValue *U = Doc.get("uncalled"))
    return parseUncalled(*U);
  return true;
}

bool DescriptionParser::parseEvents(const JValue &List) {
  if (!R.expectKind(List, JValue::Kind::Array, "'events'"))
    return false;
  for (const JValue &V : List.elements()) {
    EventSpec E;
    E.Loc = V.loc();
    if (!R.expectKind(V, JValue::Kind::Object, "an event") ||
        !R.checkKeys(V, {"kind", "module", "fields"}, "an event"))
      return false;
    const JValue *Kind = V.get("kind");
    if (!Kind)
      return error(V.loc(), "an event needs a 'kind'");
    if (!R.getString(*Kind, "an event's 'kind'", E.Kind))
      return false;
    if (E.Kind.empty())
      return error(Kind->loc(), "an event's 'kind' must not be empty");
    E.Module = D.Root->TorchName;
    if (const JValue *M = V.get("module"))
      if (!R.getString(*M, "an event's 'module'", E.Module))
        return false;
    if (const JValue *Fields = V.get("fields")) {
      if (!R.expectKind(*Fields, JValue::Kind::Object, "an event's 'fields'"))
        return false;
      for (const JMember &M : Fields->members()) {
        if (M.Key == "kind" || M.Key == "module")
          return error(M.KeyLoc, "an event's field cannot be named '" +
                                     M.Key + "'");
        Expr X;
        if (!parseExpr(M.Value, "event field '" + M.Key + "'", X))
          return false;
        // Fields are evaluated against the model's parameters only.
        bool OK = true;
        X.forEachName([&](unsigned S) {
          if (OK && !D.findParam(D.Syms.name(S))) {
            OK = false;
            error(M.Value.loc(), "event field '" + M.Key + "' reads '" +
                                     D.Syms.name(S) +
                                     "', which is not a model parameter");
          }
        });
        if (!OK)
          return false;
        E.Fields.push_back({M.Key, std::move(X)});
      }
    }
    D.Events.push_back(std::move(E));
  }
  return true;
}

bool DescriptionParser::parseHeader(const JValue &Doc) {
  const JValue *Name = Doc.get("name");
  if (!Name)
    return error(Doc.loc(), "a model description needs a 'name'");
  if (!R.getString(*Name, "'name'", D.Name))
    return false;
  if (D.Name.empty())
    return error(Name->loc(), "'name' must not be empty");
  if (const JValue *V = Doc.get("doc"))
    if (!R.getString(*V, "'doc'", D.Doc))
      return false;
  if (const JValue *V = Doc.get("dtype"))
    if (!parseDType(*V, "'dtype'", D.DType))
      return false;
  if (const JValue *V = Doc.get("seed"))
    if (!R.getUInt(*V, "'seed'", D.Seed))
      return false;
  return true;
}

bool DescriptionParser::parseModelParams(const JValue &Doc) {
  if (const JValue *Params = Doc.get("params")) {
    if (!R.expectKind(*Params, JValue::Kind::Object, "'params'"))
      return false;
    std::set<unsigned> Defined;
    for (const JMember &M : Params->members()) {
      ModelDescription::Param P;
      P.Name = M.Key;
      P.Loc = M.KeyLoc;
      if (!isIdentifier(M.Key))
        return error(M.KeyLoc, "parameter name '" + M.Key +
                                   "' must be a name (letters, digits and "
                                   "'_')");
      if (!parseExpr(M.Value, "parameter '" + M.Key + "'", P.Value))
        return false;
      bool OK = true;
      P.Value.forEachName([&](unsigned S) {
        if (OK && !Defined.count(S)) {
          OK = false;
          error(M.Value.loc(), "parameter '" + M.Key + "' reads '" +
                                   D.Syms.name(S) +
                                   "', which is not a parameter defined "
                                   "before it");
        }
      });
      if (!OK)
        return false;
      P.Sym = D.Syms.intern(M.Key);
      Defined.insert(P.Sym);
      D.Params.push_back(std::move(P));
    }
  }
  if (const JValue *V = Doc.get("size_param")) {
    if (!R.getString(*V, "'size_param'", D.SizeParam))
      return false;
    if (!D.findParam(D.SizeParam))
      return error(V->loc(), "'size_param' names '" + D.SizeParam +
                                 "', which is not a parameter");
  }
  return true;
}

bool DescriptionParser::parseClasses(const JValue &Classes) {
  if (!collectClasses(Classes))
    return false;
  for (unsigned I = 0; I < Raw.size(); ++I)
    if (!resolveVariant(I))
      return false;
  // Create every class first so instances can point at them, then the
  // parameters (which instances check), then everything else.
  for (const RawClass &RC : Raw) {
    auto C = std::make_unique<ClassDecl>();
    C->Key = RC.Key;
    C->TorchName = RC.TorchName;
    C->Loc = RC.KeyLoc;
    D.Classes.push_back(std::move(C));
  }
  for (unsigned I = 0; I < Raw.size(); ++I)
    if (!parseClassParams(I))
      return false;
  for (unsigned I = 0; I < Raw.size(); ++I)
    if (!parseClassFields(I))
      return false;
  return true;
}

bool DescriptionParser::parseClassParams(unsigned I) {
  ClassDecl &C = *D.Classes[I];
  if (Raw[I].Base >= 0)
    C.VariantOf = D.Classes[unsigned(Raw[I].Base)].get();
  for (const JMember *M : Raw[I].Params) {
    ParamDecl P;
    P.Name = M->Key;
    P.Loc = M->KeyLoc;
    if (!isIdentifier(M->Key))
      return error(M->KeyLoc, "parameter name '" + M->Key +
                                  "' must be a name (letters, digits and "
                                  "'_')");
    P.Sym = D.Syms.intern(M->Key);
    if (M->Value.isNull())
      P.Required = true;
    else if (!parseParamValue(M->Value, "parameter '" + M->Key + "'",
                              P.Default))
      return false;
    C.Params.push_back(std::move(P));
  }
  return true;
}

bool DescriptionParser::parseModelClass(const JValue &Doc) {
  const JValue *Model = Doc.get("model");
  if (!Model)
    return error(Doc.loc(), "a model description needs 'model', the class "
                            "of the traced model");
  if (!Model->isString())
    return error(Model->loc(), Twine("'model' must be a class name, not ") +
                                   Model->describe());
  ClassDecl *Root = classByKey(Model->str());
  if (!Root)
    return error(Model->loc(), "unknown class '" + Model->str() + "'");
  for (const ParamDecl &P : Root->Params)
    if (P.Required)
      return error(Model->loc(), "the model class '" + Root->Key +
                                     "' cannot have required parameters "
                                     "(nothing constructs it)");
  D.Root = Root;
  return true;
}

bool DescriptionParser::parseUncalled(const JValue &U) {
  if (!R.expectKind(U, JValue::Kind::Object, "'uncalled'"))
    return false;
  for (const JMember &M : U.members()) {
    ExplicitUncalled E;
    E.Address = M.Key;
    E.Loc = M.KeyLoc;
    if (M.Key.empty() || StringRef(M.Key).startswith(".") ||
        StringRef(M.Key).endswith(".") || StringRef(M.Key).contains(".."))
      return error(M.KeyLoc, "'" + M.Key + "' is not a module address");
    if (M.Value.isArray()) {
      if (!parseIndexList(M.Value, "an index in 'uncalled'", E.Indices))
        return false;
    } else {
      E.IsCount = true;
      if (!R.getUInt(M.Value, "an entry of 'uncalled'", E.Count))
        return false;
    }
    D.Uncalled.push_back(std::move(E));
  }
  return true;
}

} // namespace

std::unique_ptr<ModelDescription>
dsocr::parseModelDescription(const llvm::MemoryBuffer &Buffer,
                             Diagnostics &Diags) {
  std::unique_ptr<JValue> Doc = parseLocatedJSON(Buffer, Diags);
  if (!Doc)
    return nullptr;
  auto D = std::make_unique<ModelDescription>();
  DescriptionParser P(Diags, *D);
  if (!P.parse(*Doc))
    return nullptr;
  return D;
}
