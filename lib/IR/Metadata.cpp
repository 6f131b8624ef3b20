//===- Metadata.cpp - Tensor metadata and constructor parameters ----------===//
//
// Summaries of constructor parameters and tensor metadata, their merge over
// the members of a folded group, and their canonical JSON form.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/Metadata.h"

#include "dsocr/IR/Node.h"
#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/json/value.hpp>

#include <algorithm>
#include <map>

using namespace dsocr;
namespace json = boost::json;

uint64_t dsocr::dtypeBytes(llvm::StringRef DType) {
  DType.consume_front("torch.");
  return llvm::StringSwitch<uint64_t>(DType)
      .Cases("float64", "double", "int64", "long", "complex64", 8)
      .Case("complex128", 16)
      .Cases("float32", "float", "int32", "int", "uint32", 4)
      .Cases("float16", "half", "bfloat16", "int16", "short", "uint16", 2)
      .Cases("int8", "uint8", "bool", "float8_e4m3fn", "float8_e5m2", 1)
      .Default(0);
}

bool dsocr::validateTensorMetadata(const json::value &V, std::string &Why) {
  if (!V.is_array()) {
    Why = "must be a list with one entry per call";
    return false;
  }
  for (const json::value &Call : V.get_array()) {
    const json::object *O = Call.if_object();
    const json::value *Tensors = O ? O->if_contains("tensors") : nullptr;
    if (!Tensors || !Tensors->is_array()) {
      Why = "every call must be an object with a \"tensors\" list";
      return false;
    }
    for (const json::value &T : Tensors->get_array()) {
      const json::object *TO = T.if_object();
      if (!TO) {
        Why = "every tensor must be an object";
        return false;
      }
      if (const json::value *Shape = TO->if_contains("shape")) {
        if (!Shape->is_array()) {
          Why = "a tensor's \"shape\" must be a list of sizes";
          return false;
        }
        for (const json::value &D : Shape->get_array())
          if (!(D.is_uint64() || (D.is_int64() && D.get_int64() >= 0))) {
            Why = "a tensor's \"shape\" must hold non-negative integers";
            return false;
          }
      }
      if (const json::value *DType = TO->if_contains("dtype"))
        if (!DType->is_string()) {
          Why = "a tensor's \"dtype\" must be a string";
          return false;
        }
    }
  }
  return true;
}

static uint64_t toU64(const json::value &V) {
  return V.is_uint64()  ? V.get_uint64()
         : V.is_int64() ? uint64_t(V.get_int64())
                        : 0;
}

static std::vector<CallTensors> readCalls(llvm::StringRef Text) {
  std::vector<CallTensors> Calls;
  if (Text.empty())
    return Calls;
  json::error_code EC;
  json::value V = parseJSONExact(Text, EC);
  std::string Why;
  if (EC || !validateTensorMetadata(V, Why))
    return Calls;
  for (const json::value &Call : V.get_array()) {
    CallTensors C;
    for (const json::value &T : Call.get_object().at("tensors").get_array()) {
      const json::object &TO = T.get_object();
      TensorInfo TI;
      if (const json::value *Shape = TO.if_contains("shape"))
        for (const json::value &D : Shape->get_array())
          TI.Shape.push_back(toU64(D));
      if (const json::value *DType = TO.if_contains("dtype"))
        TI.DType = std::string(DType->get_string());
      C.push_back(std::move(TI));
    }
    Calls.push_back(std::move(C));
  }
  return Calls;
}

uint64_t dsocr::tensorBytes(const CallTensors &C, bool &Exact) {
  uint64_t Sum = 0;
  for (const TensorInfo &T : C) {
    uint64_t Elements = 1;
    for (uint64_t D : T.Shape)
      Elements *= D;
    uint64_t Size = dtypeBytes(T.DType);
    if (Size == 0)
      Exact = false;
    Sum += Elements * Size;
  }
  return Sum;
}

namespace {

/// Collects distinct signatures in first-seen order, keyed by their
/// tensors, so that merging many calls stays O(n log n).
class SignatureSet {
public:
  /// The signature with the tensors of S, added (without calls) if new.
  CallSignature &get(const CallSignature &S) {
    std::string Key = keyOf(S.Inputs) + '|' + keyOf(S.Outputs);
    auto [It, New] = Index.try_emplace(std::move(Key), Sigs.size());
    if (New) {
      CallSignature Empty;
      Empty.Inputs = S.Inputs;
      Empty.Outputs = S.Outputs;
      Sigs.push_back(std::move(Empty));
    }
    return Sigs[It->second];
  }
  /// The signatures, by first call index, then first member.
  std::vector<CallSignature> take() {
    std::stable_sort(Sigs.begin(), Sigs.end(),
                     [](const CallSignature &A, const CallSignature &B) {
                       auto First = [](const IndexSet &S) {
                         return S.empty() ? uint64_t(0) : S.min();
                       };
                       return std::make_pair(First(A.CallIndices),
                                             First(A.Members)) <
                              std::make_pair(First(B.CallIndices),
                                             First(B.Members));
                     });
    return std::move(Sigs);
  }

private:
  static std::string keyOf(const llvm::Optional<CallTensors> &T) {
    if (!T)
      return "-";
    std::string K;
    for (const TensorInfo &TI : *T) {
      K += '(' + TI.DType;
      for (uint64_t D : TI.Shape)
        K += ',' + std::to_string(D);
      K += ')';
    }
    return K;
  }
  std::map<std::string, size_t> Index;
  std::vector<CallSignature> Sigs;
};

} // namespace

static MetadataSummary summarizeRaw(const NodeMetadata &M) {
  MetadataSummary S;
  if (!M.Params.empty()) {
    json::error_code EC;
    json::value V = parseJSONExact(M.Params, EC);
    if (!EC && V.is_object()) {
      for (const json::key_value_pair &KV : V.get_object())
        S.Params.push_back({std::string(KV.key()),
                            {ParamValue{canonicalJSON(KV.value()), {}}}});
      llvm::sort(S.Params, [](const auto &A, const auto &B) {
        return A.first < B.first;
      });
    }
  }
  // Call J's signature pairs the J-th input and output entries; a list
  // shorter than the other leaves that side unrecorded.
  std::vector<CallTensors> Inputs = readCalls(M.Inputs);
  std::vector<CallTensors> Outputs = readCalls(M.Outputs);
  SignatureSet Set;
  for (size_t J = 0; J < std::max(Inputs.size(), Outputs.size()); ++J) {
    CallSignature Call;
    if (J < Inputs.size())
      Call.Inputs = std::move(Inputs[J]);
    if (J < Outputs.size())
      Call.Outputs = std::move(Outputs[J]);
    CallSignature &Sig = Set.get(Call);
    ++Sig.Calls;
    Sig.CallIndices.insert(J);
    if (Call.Outputs)
      S.ActivationBytes += tensorBytes(*Call.Outputs, S.ActivationExact);
  }
  S.Signatures = Set.take();
  S.Calls = Outputs.size();
  return S;
}

MetadataSummary dsocr::summaryOf(const Node &N) {
  const NodeExtra *X = N.extra();
  if (!X)
    return MetadataSummary();
  if (!X->Meta.Summary.empty()) {
    json::error_code EC;
    json::value V = parseJSONExact(X->Meta.Summary, EC);
    if (!EC)
      if (auto S = summaryFromJSON(V))
        return *S;
    return MetadataSummary();
  }
  return summarizeRaw(X->Meta);
}

MetadataSummary dsocr::mergeSummaries(
    const std::vector<std::pair<uint64_t, MetadataSummary>> &Items) {
  MetadataSummary Out;
  SignatureSet Sigs;
  for (const auto &[Index, S] : Items) {
    for (const auto &Param : S.Params) {
      const std::string &Name = Param.first;
      const std::vector<ParamValue> &Values = Param.second;
      auto It = llvm::find_if(Out.Params,
                              [&](const auto &P) { return P.first == Name; });
      if (It == Out.Params.end()) {
        Out.Params.push_back({Name, {}});
        It = std::prev(Out.Params.end());
      }
      // Values are attributed to the member they came from.
      for (const ParamValue &V : Values) {
        auto VIt = llvm::find_if(
            It->second, [&](const ParamValue &E) { return E.JSON == V.JSON; });
        if (VIt == It->second.end())
          It->second.push_back({V.JSON, IndexSet::single(Index)});
        else
          VIt->Members.insert(Index);
      }
    }
    // Signatures are attributed to the member they came from.
    for (const CallSignature &Sig : S.Signatures) {
      CallSignature &Into = Sigs.get(Sig);
      Into.Calls += Sig.Calls;
      Into.CallIndices.unionWith(Sig.CallIndices);
      Into.Members.insert(Index);
    }
    Out.ActivationBytes += S.ActivationBytes;
    Out.ActivationExact &= S.ActivationExact;
    Out.Calls += S.Calls;
  }
  Out.Signatures = Sigs.take();
  llvm::sort(Out.Params,
             [](const auto &A, const auto &B) { return A.first < B.first; });
  for (auto &P : Out.Params)
    llvm::sort(P.second, [](const ParamValue &A, const ParamValue &B) {
      return A.Members.min() < B.Members.min();
    });
  return Out;
}

static json::array tensorsToJSON(const CallTensors &C) {
  json::array Tensors;
  for (const TensorInfo &T : C) {
    json::object O;
    json::array Shape;
    for (uint64_t D : T.Shape)
      Shape.push_back(D);
    O["shape"] = std::move(Shape);
    O["dtype"] = T.DType;
    Tensors.push_back(std::move(O));
  }
  return Tensors;
}

static json::object signatureToJSON(const CallSignature &Sig) {
  json::object O;
  O["calls"] = Sig.Calls;
  O["call_indices"] = Sig.CallIndices.str();
  if (!Sig.Members.empty())
    O["members"] = Sig.Members.str();
  bool Exact = true;
  if (Sig.Inputs) {
    O["inputs"] = tensorsToJSON(*Sig.Inputs);
    O["input_bytes"] = tensorBytes(*Sig.Inputs, Exact);
  }
  if (Sig.Outputs) {
    O["outputs"] = tensorsToJSON(*Sig.Outputs);
    O["output_bytes"] = tensorBytes(*Sig.Outputs, Exact);
  }
  if (!Exact)
    O["bytes_exact"] = false;
  return O;
}

std::string dsocr::summaryToJSON(const MetadataSummary &S) {
  json::object O;
  if (!S.Params.empty()) {
    json::object Params;
    for (const auto &[Name, Values] : S.Params) {
      json::array A;
      for (const ParamValue &V : Values) {
        json::object E;
        json::error_code EC;
        E["value"] = parseJSONExact(V.JSON, EC);
        if (!V.Members.empty())
          E["members"] = V.Members.str();
        A.push_back(std::move(E));
      }
      Params[Name] = std::move(A);
    }
    O["params"] = std::move(Params);
  }
  if (!S.Signatures.empty()) {
    json::array A;
    for (const CallSignature &Sig : S.Signatures)
      A.push_back(signatureToJSON(Sig));
    O["signatures"] = std::move(A);
  }
  if (S.Calls) {
    O["calls"] = S.Calls;
    O["activation_bytes"] = S.ActivationBytes;
    if (!S.ActivationExact)
      O["activation_exact"] = false;
  }
  return canonicalJSON(O);
}

/// A list of tensors as in tensor metadata (`[{"shape": [...], "dtype":
/// "..."}]`); false if V is not one.
static bool tensorsFromJSON(const json::value &V, CallTensors &T) {
  json::array Call;
  Call.push_back(json::object{{"tensors", V}});
  std::string Why;
  if (!validateTensorMetadata(Call, Why))
    return false;
  for (const json::value &E : V.get_array()) {
    TensorInfo TI;
    if (const json::value *Shape = E.get_object().if_contains("shape"))
      for (const json::value &D : Shape->get_array())
        TI.Shape.push_back(toU64(D));
    if (const json::value *DType = E.get_object().if_contains("dtype"))
      TI.DType = std::string(DType->get_string());
    T.push_back(std::move(TI));
  }
  return true;
}

static llvm::Optional<IndexSet> indexSetFromJSON(const json::value *V) {
  if (!V)
    return IndexSet();
  if (!V->is_string())
    return llvm::None;
  return IndexSet::parse(std::string(V->get_string()));
}

/// A signature as signatureToJSON writes it; the byte counts are derived
/// from the tensors and not read.
static llvm::Optional<CallSignature> signatureFromJSON(const json::value &V) {
  const json::object *O = V.if_object();
  if (!O)
    return llvm::None;
  CallSignature Sig;
  const json::value *Calls = O->if_contains("calls");
  if (!Calls || !(Calls->is_uint64() || Calls->is_int64()) ||
      (Calls->is_int64() && Calls->get_int64() < 0))
    return llvm::None;
  Sig.Calls = toU64(*Calls);
  auto CallIndices = indexSetFromJSON(O->if_contains("call_indices"));
  auto Members = indexSetFromJSON(O->if_contains("members"));
  if (!CallIndices || !Members)
    return llvm::None;
  Sig.CallIndices = *CallIndices;
  Sig.Members = *Members;
  for (auto [Key, Field] : {std::make_pair("inputs", &Sig.Inputs),
                            std::make_pair("outputs", &Sig.Outputs)})
    if (const json::value *T = O->if_contains(Key)) {
      CallTensors Tensors;
      if (!tensorsFromJSON(*T, Tensors))
        return llvm::None;
      *Field = std::move(Tensors);
    }
  return Sig;
}

llvm::Optional<MetadataSummary> dsocr::summaryFromJSON(const json::value &V) {
  const json::object *O = V.if_object();
  if (!O)
    return llvm::None;
  MetadataSummary S;
  if (const json::value *P = O->if_contains("params")) {
    if (!P->is_object())
      return llvm::None;
    for (const json::key_value_pair &KV : P->get_object()) {
      if (!KV.value().is_array())
        return llvm::None;
      std::vector<ParamValue> Values;
      for (const json::value &E : KV.value().get_array()) {
        const json::object *EO = E.if_object();
        if (!EO || !EO->contains("value"))
          return llvm::None;
        ParamValue PV{canonicalJSON(EO->at("value")), {}};
        if (const json::value *M = EO->if_contains("members")) {
          auto Set = M->is_string()
                         ? IndexSet::parse(std::string(M->get_string()))
                         : llvm::None;
          if (!Set)
            return llvm::None;
          PV.Members = *Set;
        }
        Values.push_back(std::move(PV));
      }
      S.Params.push_back({std::string(KV.key()), std::move(Values)});
    }
    llvm::sort(S.Params,
               [](const auto &A, const auto &B) { return A.first < B.first; });
  }
  if (const json::value *A = O->if_contains("signatures")) {
    if (!A->is_array())
      return llvm::None;
    for (const json::value &E : A->get_array()) {
      llvm::Optional<CallSignature> Sig = signatureFromJSON(E);
      if (!Sig)
        return llvm::None;
      S.Signatures.push_back(std::move(*Sig));
    }
  }
  if (const json::value *C = O->if_contains("calls"))
    S.Calls = toU64(*C);
  if (const json::value *B = O->if_contains("activation_bytes"))
    S.ActivationBytes = toU64(*B);
  if (const json::value *E = O->if_contains("activation_exact"))
    S.ActivationExact = !(E->is_bool() && !E->get_bool());
  return S;
}

std::string dsocr::describeTensors(const CallTensors &T) {
  std::string Out;
  for (const TensorInfo &TI : T) {
    if (!Out.empty())
      Out += ", ";
    Out += '[';
    for (size_t I = 0; I < TI.Shape.size(); ++I)
      Out += (I ? "," : "") + std::to_string(TI.Shape[I]);
    Out += ']';
    llvm::StringRef D = TI.DType;
    D.consume_front("torch.");
    if (!D.empty())
      Out += " " + D.str();
  }
  return Out;
}

std::string dsocr::describeParams(const MetadataSummary &S) {
  std::string Params;
  for (const auto &[Name, Values] : S.Params) {
    Params += (Params.empty() ? "" : "; ") + Name + "=";
    if (Values.size() > 4) { // the JSON output has them all
      Params += std::to_string(Values.size()) + " values";
      continue;
    }
    for (size_t I = 0; I < Values.size(); ++I) {
      Params += (I ? ", " : "") + Values[I].JSON;
      if (Values.size() > 1)
        Params += " [" + Values[I].Members.str() + "]";
    }
  }
  return Params;
}

std::string dsocr::describeBytes(uint64_t Bytes) {
  static const char *Units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double V = double(Bytes);
  unsigned U = 0;
  while (V >= 1024 && U + 1 < sizeof(Units) / sizeof(Units[0])) {
    V /= 1024;
    ++U;
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  if (U == 0)
    OS << Bytes << " B";
  else
    OS << llvm::format("%.1f", V) << ' ' << Units[U];
  return OS.str();
}
