//===- DiffModel.cpp - A grouped tree as dsocr-diff compares it -----------===//
//
// The model of a call graph in tree form, and of a grouped JSON file, with
// the same spellings (titles, loops, variants, signatures) for both.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/DiffModel.h"

#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/ADT/Twine.h"

#include <boost/json.hpp>

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

std::string DiffNode::title() const {
  return Kind == "stage" ? Path + " stage" : Class + " @ " + Path;
}

std::string DiffNode::loop() const {
  std::string Out;
  if (Kind == "for" || Kind == "parfor")
    Out = Kind + " " + std::to_string(Count);
  if (Repeat)
    Out += (Out.empty() ? "" : ", ") + std::string("parfor ") +
           std::to_string(Repeat);
  return Out;
}

std::string dsocr::variantKey(StringRef Members, uint64_t OpsMin,
                              uint64_t OpsMax,
                              const std::vector<std::string> &Differs,
                              const std::vector<std::string> &Notes) {
  std::string Out = "[" + Members.str() + "] " + std::to_string(OpsMin);
  if (OpsMax != OpsMin)
    Out += "-" + std::to_string(OpsMax);
  Out += " ops";
  for (const std::string &D : Differs)
    Out += "; " + D;
  for (const std::string &N : Notes)
    Out += "; " + N;
  return Out;
}

/// `[4,3,640,640] bfloat16 -> [4,1024,10,10] bfloat16`; a side the trace
/// did not record is `?`.
static std::string signatureText(const CallSignature &S) {
  return (S.Inputs ? describeTensors(*S.Inputs) : std::string("?")) + " -> " +
         (S.Outputs ? describeTensors(*S.Outputs) : std::string("?"));
}

/// The stage totals annotate-stage recorded on the root (canonical JSON).
static std::vector<DiffStage> stagesOf(const NodeExtra *RX) {
  std::vector<DiffStage> Out;
  if (!RX || RX->StageTotals.empty())
    return Out;
  boost::json::error_code EC;
  boost::json::value V = parseJSONExact(RX->StageTotals, EC);
  if (EC || !V.is_array())
    return Out;
  auto Num = [](const boost::json::object &O, const char *K) {
    const boost::json::value *V = O.if_contains(K);
    return V && V->is_uint64()  ? V->get_uint64()
           : V && V->is_int64() ? uint64_t(V->get_int64())
                                : uint64_t(0);
  };
  for (const boost::json::value &S : V.get_array()) {
    if (!S.is_object())
      continue;
    const boost::json::object &O = S.get_object();
    DiffStage D;
    if (const boost::json::value *Name = O.if_contains("name");
        Name && Name->is_string())
      D.Name = std::string(Name->get_string());
    D.Modules = Num(O, "modules");
    D.Calls = Num(O, "calls");
    D.Ops = Num(O, "ops");
    D.HaveBytes = O.contains("activation_bytes");
    D.Bytes = Num(O, "activation_bytes");
    Out.push_back(std::move(D));
  }
  return Out;
}

static DiffNode diffNodeOf(const Node &N) {
  DiffNode D;
  D.Path = N.address().str();
  D.Class = N.isStage() ? "" : N.className().str();
  D.Kind = N.isGroup()   ? foldKindName(N.fold()).str()
           : N.isStage() ? "stage"
                         : "module";
  D.Count = N.isGroup() ? N.foldCount() : 0;
  D.Repeat = N.repeat();
  D.Calls = N.calls();
  D.PerCall = N.perCall().str();
  D.Ops = N.inclusiveOps();
  D.Instances = N.instances();
  D.Active = N.activeInstances();
  D.Stage = N.stage().str();
  if (const NodeExtra *X = N.extra()) {
    D.Inactive = X->Inactive;
    D.Notes = X->Notes;
    for (const Variant &V : X->Variants)
      D.Variants.push_back(
          variantKey(V.Members.str(), V.OpsMin, V.OpsMax, V.Differs, V.Notes));
  }
  MetadataSummary S = summaryOf(N);
  for (const CallSignature &Sig : S.Signatures)
    D.Signatures.push_back({signatureText(Sig), Sig.Calls});
  if (S.Calls) {
    D.Bytes = S.ActivationBytes;
    D.HaveBytes = true;
  }
  return D;
}

DiffModel dsocr::diffModelOf(const CallGraph &G) {
  DiffModel M;
  M.Source = G.sourceName().str();
  M.Events = G.runtimeEvents();
  const Node &Root = *G.root();
  if (const NodeExtra *RX = Root.extra(); RX && RX->HaveTotals) {
    M.TotalCalls = RX->TotalCalls;
    M.TotalOps = RX->TotalOps;
  }
  M.Stages = stagesOf(Root.extra());
  struct Item {
    const Node *N;
    unsigned Depth;
    size_t Parent;
  };
  std::vector<Item> Stack;
  for (auto It = Root.children().rbegin(); It != Root.children().rend(); ++It)
    Stack.push_back({*It, 1, DiffNode::NoParent});
  while (!Stack.empty()) {
    Item I = Stack.back();
    Stack.pop_back();
    DiffNode D = diffNodeOf(*I.N);
    D.Depth = I.Depth;
    D.ParentIndex = I.Parent;
    D.Parent = I.Parent == DiffNode::NoParent ? "" : M.Nodes[I.Parent].Path;
    size_t Me = M.Nodes.size();
    M.Nodes.push_back(std::move(D));
    for (auto It = I.N->children().rbegin(); It != I.N->children().rend(); ++It)
      Stack.push_back({*It, I.Depth + 1, Me});
  }
  return M;
}

bool dsocr::looksLikeGroupedJSON(StringRef Text) {
  StringRef Head = Text.take_front(256).ltrim(" \t\r\n\xEF\xBB\xBF");
  if (!Head.consume_front("{"))
    return false;
  Head = Head.ltrim(" \t\r\n");
  if (!Head.consume_front("\"schema\""))
    return false;
  Head = Head.ltrim(" \t\r\n");
  if (!Head.consume_front(":"))
    return false;
  return Head.ltrim(" \t\r\n").startswith("\"dsocr-call-graph-grouped\"");
}

namespace {

/// Reads the `tree` of grouped JSON, reporting at the value.
class GroupedReader {
public:
  GroupedReader(Diagnostics &Diags, DiffModel &M)
      : Diags(Diags), R(Diags), M(M) {}
  bool read(const JValue &Doc);

private:
  bool node(const JValue &V, unsigned Depth, size_t Parent);
  bool children(const JValue &V, unsigned Depth, size_t Me);
  bool stages(const JValue &List);
  bool metadata(const JValue &Meta);
  bool uint(const JValue &O, const char *Key, uint64_t &Out, bool Required);
  bool strings(const JValue &O, const char *Key, std::vector<std::string> &Out);
  bool variants(const JValue &O, DiffNode &D);
  bool signatures(const JValue &O, DiffNode &D);
  std::string tensors(const JValue &V);

  Diagnostics &Diags;
  JReader R;
  DiffModel &M;
};

} // namespace

bool GroupedReader::uint(const JValue &O, const char *Key, uint64_t &Out,
                         bool Required) {
  const JValue *V = O.get(Key);
  if (!V)
    return !Required ||
           R.error(O.loc(), Twine("a node of the tree needs '") + Key + "'");
  return R.getUInt(*V, Twine("'") + Key + "'", Out);
}

bool GroupedReader::strings(const JValue &O, const char *Key,
                            std::vector<std::string> &Out) {
  const JValue *V = O.get(Key);
  return !V || R.getStringList(*V, Twine("'") + Key + "'", Out);
}

bool GroupedReader::variants(const JValue &O, DiffNode &D) {
  const JValue *List = O.get("variants");
  if (!List)
    return true;
  if (!R.expectKind(*List, JValue::Kind::Array, "'variants'"))
    return false;
  for (const JValue &V : List->elements()) {
    std::string Members;
    uint64_t Min = 0, Max = 0;
    std::vector<std::string> Differs, Notes;
    const JValue *MV = V.isObject() ? V.get("members") : nullptr;
    if (!MV)
      return R.error(V.loc(), "a variant needs 'members'");
    if (!R.getString(*MV, "a variant's 'members'", Members))
      return false;
    if (V.get("ops")) {
      if (!uint(V, "ops", Min, true))
        return false;
      Max = Min;
    } else if (!uint(V, "ops_min", Min, true) || !uint(V, "ops_max", Max, true))
      return false;
    if (!strings(V, "differs", Differs) || !strings(V, "notes", Notes))
      return false;
    D.Variants.push_back(variantKey(Members, Min, Max, Differs, Notes));
  }
  return true;
}

std::string GroupedReader::tensors(const JValue &V) {
  CallTensors T;
  for (const JValue &E : V.elements()) {
    TensorInfo TI;
    if (const JValue *S = E.get("shape"))
      for (const JValue &Dim : S->elements())
        TI.Shape.push_back(Dim.magnitude());
    if (const JValue *DT = E.get("dtype"))
      TI.DType = DT->str();
    T.push_back(std::move(TI));
  }
  return describeTensors(T);
}

bool GroupedReader::signatures(const JValue &O, DiffNode &D) {
  const JValue *Meta = O.get("metadata");
  if (!Meta)
    return true;
  if (!R.expectKind(*Meta, JValue::Kind::Object, "a node's 'metadata'"))
    return false;
  const JValue *List = Meta->get("signatures");
  if (Meta->get("calls")) {
    if (!uint(*Meta, "activation_bytes", D.Bytes, false))
      return false;
    D.HaveBytes = true;
  }
  if (!List)
    return true;
  if (!R.expectKind(*List, JValue::Kind::Array, "'signatures'"))
    return false;
  for (const JValue &S : List->elements()) {
    if (!R.expectKind(S, JValue::Kind::Object, "a signature"))
      return false;
    DiffSignature Sig;
    if (!uint(S, "calls", Sig.Calls, true))
      return false;
    std::string Sides[2];
    const char *Keys[2] = {"inputs", "outputs"};
    for (int I = 0; I < 2; ++I) {
      const JValue *T = S.get(Keys[I]);
      if (!T) {
        Sides[I] = "?";
        continue;
      }
      if (!R.expectKind(*T, JValue::Kind::Array, Twine("'") + Keys[I] + "'"))
        return false;
      for (const JValue &E : T->elements()) {
        const JValue *Shape = E.isObject() ? E.get("shape") : nullptr;
        if (!E.isObject() || (Shape && !Shape->isArray()))
          return R.error(E.loc(), "a tensor must be an object with a "
                                  "'shape' list and a 'dtype'");
        if (Shape)
          for (const JValue &Dim : Shape->elements())
            if (!Dim.isInteger() || Dim.negative())
              return R.error(Dim.loc(), "a tensor's 'shape' must hold "
                                        "non-negative integers");
        if (const JValue *DT = E.get("dtype"))
          if (!R.expectKind(*DT, JValue::Kind::String, "a tensor's 'dtype'"))
            return false;
      }
      Sides[I] = tensors(*T);
    }
    Sig.Text = Sides[0] + " -> " + Sides[1];
    D.Signatures.push_back(std::move(Sig));
  }
  return true;
}

bool GroupedReader::node(const JValue &V, unsigned Depth, size_t Parent) {
  if (!R.expectKind(V, JValue::Kind::Object, "a node of the tree"))
    return false;
  DiffNode D;
  const JValue *Kind = V.get("kind"), *Address = V.get("address"),
               *Class = V.get("class_name");
  if (!Kind || !Address || !Class)
    return R.error(V.loc(), "a node of the tree needs 'kind', 'address' and "
                            "'class_name'");
  if (!R.getString(*Kind, "'kind'", D.Kind) ||
      !R.getString(*Address, "'address'", D.Path))
    return false;
  if (D.Kind != "module" && D.Kind != "for" && D.Kind != "parfor" &&
      D.Kind != "stage")
    return R.error(Kind->loc(), "unknown kind '" + D.Kind +
                                    "' (expected module, for, parfor or "
                                    "stage)");
  if (!Class->isNull() && !R.getString(*Class, "'class_name'", D.Class))
    return false;
  if (const JValue *Stage = V.get("stage"); Stage && !Stage->isNull())
    if (!R.getString(*Stage, "'stage'", D.Stage))
      return false;
  if (D.Kind == "for" || D.Kind == "parfor")
    if (!uint(V, "count", D.Count, true))
      return false;
  if (const JValue *PC = V.get("per_call")) {
    if (!R.getString(*PC, "'per_call'", D.PerCall))
      return false;
    if (D.PerCall == "unknown")
      D.PerCall.clear();
  }
  if (!uint(V, "parfor", D.Repeat, false) || !uint(V, "calls", D.Calls, true) ||
      !uint(V, "inclusive_ops", D.Ops, true) ||
      !uint(V, "instances", D.Instances, false) ||
      !uint(V, "active_instances", D.Active, false) ||
      !strings(V, "inactive", D.Inactive) || !strings(V, "notes", D.Notes) ||
      !variants(V, D) || !signatures(V, D))
    return false;
  D.Depth = Depth;
  D.ParentIndex = Parent;
  D.Parent = Parent == DiffNode::NoParent ? "" : M.Nodes[Parent].Path;
  size_t Me = M.Nodes.size();
  M.Nodes.push_back(std::move(D));
  return children(V, Depth, Me);
}

bool GroupedReader::children(const JValue &V, unsigned Depth, size_t Me) {
  const JValue *Kids = V.get("children");
  if (!Kids)
    return true;
  if (!R.expectKind(*Kids, JValue::Kind::Array, "'children'"))
    return false;
  for (const JValue &C : Kids->elements())
    if (!node(C, Depth + 1, Me))
      return false;
  return true;
}

bool GroupedReader::stages(const JValue &List) {
  if (!R.expectKind(List, JValue::Kind::Array, "'stages'"))
    return false;
  for (const JValue &S : List.elements()) {
    if (!R.expectKind(S, JValue::Kind::Object, "a stage"))
      return false;
    DiffStage D;
    const JValue *Name = S.get("name");
    if (Name && !Name->isNull() &&
        !R.getString(*Name, "a stage's 'name'", D.Name))
      return false;
    if (!uint(S, "modules", D.Modules, false) ||
        !uint(S, "calls", D.Calls, false) || !uint(S, "ops", D.Ops, false) ||
        !uint(S, "activation_bytes", D.Bytes, false))
      return false;
    D.HaveBytes = S.get("activation_bytes") != nullptr;
    M.Stages.push_back(std::move(D));
  }
  return true;
}

bool GroupedReader::metadata(const JValue &Meta) {
  if (!R.expectKind(Meta, JValue::Kind::Object, "'metadata'"))
    return false;
  if (const JValue *S = Meta.get("source"))
    if (!R.getString(*S, "'source'", M.Source))
      return false;
  if (const JValue *P = Meta.get("profile"))
    if (!R.getString(*P, "'profile'", M.Profile))
      return false;
  if (!strings(Meta, "pipeline", M.Pipeline))
    return false;
  if (const JValue *T = Meta.get("totals")) {
    if (!R.expectKind(*T, JValue::Kind::Object, "'totals'") ||
        !uint(*T, "calls", M.TotalCalls, false) ||
        !uint(*T, "ops", M.TotalOps, false))
      return false;
  }
  if (const JValue *S = Meta.get("stages"))
    if (!stages(*S))
      return false;
  if (const JValue *E = Meta.get("runtime_events"))
    if (!readRuntimeEvents(*E, "'runtime_events'", M.Events, Diags))
      return false;
  return true;
}

bool GroupedReader::read(const JValue &Doc) {
  if (!R.expectKind(Doc, JValue::Kind::Object, "grouped JSON"))
    return false;
  const JValue *Version = Doc.get("schema_version");
  uint64_t V = 0;
  if (!Version)
    return R.error(Doc.loc(), "grouped JSON needs a 'schema_version'");
  if (!R.getUInt(*Version, "'schema_version'", V))
    return false;
  if (V != GroupedJSONSchemaVersion)
    return R.error(Version->loc(), "grouped JSON of schema version " +
                                       Twine(V) +
                                       "; dsocr-diff reads version " +
                                       Twine(GroupedJSONSchemaVersion) +
                                       " (write it again with this dsocr-opt)");
  if (const JValue *Meta = Doc.get("metadata"))
    if (!metadata(*Meta))
      return false;
  const JValue *Tree = Doc.get("tree");
  if (!Tree)
    return R.error(Doc.loc(), "grouped JSON needs a 'tree'");
  if (!R.expectKind(*Tree, JValue::Kind::Object, "'tree'"))
    return false;
  return children(*Tree, 0, DiffNode::NoParent);
}

bool dsocr::readGroupedJSON(const JValue &Doc, DiffModel &M,
                            Diagnostics &Diags) {
  return GroupedReader(Diags, M).read(Doc);
}
