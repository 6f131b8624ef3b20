//===- Describe.cpp - Human-readable phrases for nodes --------------------===//
//
// Titles, loop texts, remarks, parameters and the pictures' tooltips,
// shared by the human-facing emitters.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Describe.h"

#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/Node.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <tuple>

using namespace dsocr;

std::string dsocr::withThousands(uint64_t V) {
  std::string Digits = std::to_string(V);
  std::string Out;
  for (size_t I = 0; I < Digits.size(); ++I) {
    if (I && (Digits.size() - I) % 3 == 0)
      Out += ',';
    Out += Digits[I];
  }
  return Out;
}

std::string dsocr::nodeTitle(const Node &N) {
  if (N.isRoot())
    return "<root>";
  if (N.isStage())
    return N.address().str() + " stage";
  return N.className().str() + " @ " + N.address().str();
}

std::string dsocr::loopText(const Node &N) {
  std::string Out;
  if (N.isGroup())
    Out = foldKindName(N.fold()).str() + " " + std::to_string(N.foldCount());
  if (N.repeat()) {
    if (!Out.empty())
      Out += ", ";
    Out += "parfor " + std::to_string(N.repeat());
  }
  return Out;
}

std::string dsocr::variantText(const Variant &V, IndexStyle Style,
                               MemberNameList Names) {
  std::string Out = bracketedIndexSet(V.Members, Style, Names);
  for (const std::string &D : V.Differs)
    Out += " " + D + ",";
  if (V.OpsMin == V.OpsMax)
    Out += " " + withThousands(V.OpsMin) + (V.OpsMin == 1 ? " op" : " ops");
  else
    Out +=
        " " + withThousands(V.OpsMin) + "-" + withThousands(V.OpsMax) + " ops";
  for (const std::string &Note : V.Notes)
    Out += ", " + Note;
  return Out;
}

std::string dsocr::compressAddresses(const std::vector<std::string> &Addrs) {
  // Family name -> indices; addresses without an index are kept whole.
  std::map<std::tuple<std::string, std::string, IndexStyle>, IndexSet> ByName;
  std::vector<std::string> Plain;
  for (const std::string &A : Addrs) {
    FamilyMemberName Name;
    if (splitFamilyMember(A, Name))
      ByName[{Name.Base.str(), Name.Stem.str(), Name.Style}].insert(Name.Index);
    else
      Plain.push_back(A);
  }
  std::vector<std::string> Parts;
  for (const auto &[Name, Indices] : ByName)
    Parts.push_back(makeFamilyPattern(std::get<0>(Name), std::get<1>(Name),
                                      std::get<2>(Name), Indices));
  Parts.insert(Parts.end(), Plain.begin(), Plain.end());
  std::sort(Parts.begin(), Parts.end(), NaturalOrder());
  std::string Out;
  for (const std::string &P : Parts)
    Out += (Out.empty() ? "" : ", ") + P;
  return Out;
}

/// Cuts S to at most MaxChars bytes at a character boundary, marking the cut
/// with `...`.
static std::string cut(std::string S, size_t MaxChars) {
  if (S.size() <= MaxChars)
    return S;
  size_t At = MaxChars > 3 ? MaxChars - 3 : 0;
  // UTF-8 continuation bytes are 10xxxxxx.
  while (At > 0 && (static_cast<unsigned char>(S[At]) & 0xC0) == 0x80)
    --At;
  return S.substr(0, At) + "...";
}

std::string dsocr::shortRemark(const Node &N, size_t MaxChars) {
  std::vector<std::string> Parts;
  const NodeExtra *X = N.extra();
  if (!N.isRoot() && N.calls() == 0)
    Parts.push_back("never called");
  if (X)
    for (const std::string &Note : X->Notes)
      Parts.push_back(Note);
  if (N.isGroup() && N.calls() > 0 && X && !X->Inactive.empty())
    Parts.push_back(std::to_string(N.activeInstances()) + "/" +
                    std::to_string(N.instances()) + " called");
  if (X && !X->Variants.empty()) {
    std::string V = "variants ";
    for (size_t I = 0; I < X->Variants.size(); ++I) {
      const Variant &Var = X->Variants[I];
      V += (I ? " / [" : "[") + Var.Members.str() + "]";
      if (!Var.Notes.empty())
        V += " (" + Var.Notes.front() + ")";
    }
    Parts.push_back(V);
  }
  std::string Out;
  for (const std::string &P : Parts)
    Out += (Out.empty() ? "" : "; ") + P;
  return cut(std::move(Out), MaxChars);
}

std::vector<std::string> dsocr::nodeRemarks(const Node &N) {
  std::vector<std::string> Out;
  const NodeExtra *X = N.extra();
  if (!N.isRoot() && N.calls() == 0)
    Out.push_back(N.instances() > 1
                      ? "never called (" + std::to_string(N.instances()) +
                            " instances)"
                      : "never called");
  if (X)
    for (const std::string &Note : X->Notes)
      Out.push_back(Note);
  if (N.isGroup() && N.calls() > 0 && X && !X->Inactive.empty()) {
    Out.push_back(std::to_string(N.activeInstances()) + " of " +
                  std::to_string(N.instances()) + " called");
    Out.push_back("never called: " + compressAddresses(X->Inactive));
  }
  if (N.repeat() && !N.isStage()) // a stage line is no module
    // The same module (its weights) called again: unlike `for N`.
    Out.push_back(N.instances() > 1
                      ? "each instance called " + std::to_string(N.repeat()) +
                            " times, weights shared"
                      : "one instance, weights shared");
  // Why a family is a fan-out, unless the profile's note says it.
  if (N.isGroup() && X && !X->FanOutReason.empty() &&
      !(llvm::StringRef(X->FanOutReason).startswith("named by the profile") &&
        !X->Notes.empty()))
    Out.push_back("fan-out: " + X->FanOutReason);
  if (X && !X->SharedBy.empty()) {
    // Under its owner, the other callers are named; elsewhere, all of them.
    std::vector<std::string> Others;
    bool ByOwner = false;
    for (const std::string &C : X->SharedBy) {
      if (N.parent() && C == N.parent()->address())
        ByOwner = true;
      else
        Others.push_back(C);
    }
    Out.push_back((ByOwner ? "also called by " : "called by ") +
                  compressAddresses(Others) +
                  " (the trace does not say how its calls split)");
  }
  if (!N.isRoot() && N.perCall().isExact() && !N.perCall().isInteger())
    Out.push_back(N.perCall().str() + " calls per caller call");
  if (X && !X->Variants.empty()) {
    std::string V = "variants: ";
    for (size_t I = 0; I < X->Variants.size(); ++I)
      V += (I ? "; " : "") +
           variantText(X->Variants[I], X->MemberStyle, X->MemberNames);
    Out.push_back(V);
  }
  return Out;
}

std::string dsocr::whichCalls(const CallSignature &Sig,
                              const MetadataSummary &S, const Node &N) {
  IndexSet AllCalls, AllMembers;
  for (const CallSignature &Other : S.Signatures) {
    AllCalls.unionWith(Other.CallIndices);
    AllMembers.unionWith(Other.Members);
  }
  std::string Out;
  if (Sig.CallIndices != AllCalls)
    Out = (Sig.CallIndices.isSingle() ? "call " : "calls ") +
          Sig.CallIndices.str();
  bool AllOfGroup =
      N.isGroup() && N.extra() && Sig.Members == N.extra()->Members;
  if (!Sig.Members.empty() && Sig.Members != AllMembers && !AllOfGroup)
    Out += (Out.empty() ? "" : " of ") +
           std::string(Sig.Members.isSingle() ? "member " : "members ") +
           Sig.Members.str();
  return Out;
}

/// `1 call`, `24 calls`.
static std::string callsText(uint64_t Calls) {
  return withThousands(Calls) + (Calls == 1 ? " call" : " calls");
}

/// `1 op`, `3,072 ops`.
static std::string opsText(uint64_t Ops) {
  return withThousands(Ops) + (Ops == 1 ? " op" : " ops");
}

/// The tensors of one side of a call, `?` when the trace has none.
static std::string tensorsText(const llvm::Optional<CallTensors> &T) {
  return T ? describeTensors(*T) : std::string("?");
}

/// The call signatures of a tooltip: `in` and `out` lines for one, a line
/// per signature (`in A -> out B (call 0)`) for several, at most
/// MaxSignatures of them.
static void signatureLines(const Node &N, const MetadataSummary &S,
                           std::vector<std::string> &Lines) {
  constexpr size_t MaxSignatures = 4;
  if (S.Signatures.size() == 1) {
    const CallSignature &Sig = S.Signatures.front();
    if (Sig.Inputs)
      Lines.push_back("in " + describeTensors(*Sig.Inputs));
    if (Sig.Outputs)
      Lines.push_back("out " + describeTensors(*Sig.Outputs));
    return;
  }
  for (size_t I = 0; I < S.Signatures.size(); ++I) {
    if (I == MaxSignatures) {
      Lines.push_back("and " + std::to_string(S.Signatures.size() - I) +
                      " more signatures");
      break;
    }
    const CallSignature &Sig = S.Signatures[I];
    std::string Which = whichCalls(Sig, S, N);
    Lines.push_back("in " + tensorsText(Sig.Inputs) + " -> out " +
                    tensorsText(Sig.Outputs) + " (" +
                    (Which.empty() ? "" : Which + ", ") +
                    callsText(Sig.Calls) + ")");
  }
}

/// The totals of a line of the stage view (collapse-stages): `706 module
/// calls, 2,761 ops, 3.1 GiB activations`; empty without them.
static std::string lineTotalsText(const Node &N) {
  const NodeExtra *X = N.extra();
  if (!X || X->LineTotals.empty())
    return "";
  boost::json::error_code EC;
  boost::json::value V = parseJSONExact(X->LineTotals, EC);
  const boost::json::object *O = EC ? nullptr : V.if_object();
  if (!O)
    return "";
  auto Num = [&](const char *K) -> llvm::Optional<uint64_t> {
    const boost::json::value *F = O->if_contains(K);
    if (F && F->is_uint64())
      return F->get_uint64();
    if (F && F->is_int64() && F->get_int64() >= 0)
      return uint64_t(F->get_int64());
    return llvm::None;
  };
  std::string Out;
  if (auto C = Num("calls"))
    Out += withThousands(*C) + (*C == 1 ? " module call" : " module calls");
  if (auto Ops = Num("ops"))
    Out += (Out.empty() ? "" : ", ") + opsText(*Ops);
  if (auto B = Num("activation_bytes"))
    Out += (Out.empty() ? "" : ", ") + describeBytes(*B) + " activations";
  return Out;
}

std::string dsocr::nodeTooltip(const Node &N, uint64_t InclusiveOps) {
  // A tooltip line never grows past this (parameters of a wide group, a
  // long list of never-called members).
  constexpr size_t MaxLine = 240;
  std::vector<std::string> Lines;
  if (!N.isRoot()) {
    Lines.push_back(nodeTitle(N));
    std::string Loop = loopText(N);
    if (!Loop.empty())
      Lines.push_back(Loop);
  }
  std::string Calls = callsText(N.calls());
  if (!N.isRoot() && N.calls() && N.perCall().isExact() &&
      N.perCall().str() != "1")
    Calls += " (" + N.perCall().str() + " per caller call)";
  Lines.push_back(Calls);
  std::string Ops = opsText(InclusiveOps);
  if (!N.children().empty())
    Ops += " inclusive, " + withThousands(N.ops()) + " own";
  Lines.push_back(Ops);
  if (!N.stage().empty() && !N.isStage()) // a stage line is its stage
    Lines.push_back("stage " + N.stage().str());
  MetadataSummary S = summaryOf(N);
  if (!S.Params.empty())
    Lines.push_back("params " + describeParams(S));
  signatureLines(N, S, Lines);
  if (S.Calls)
    Lines.push_back("activations " + describeBytes(S.ActivationBytes) +
                    (S.ActivationExact ? "" : " (some dtypes unknown)"));
  if (N.isStage())
    if (std::string T = lineTotalsText(N); !T.empty())
      Lines.push_back("stage totals: " + T);
  if (!N.isRoot())
    for (const std::string &R : nodeRemarks(N))
      Lines.push_back(R);
  std::string Out;
  for (const std::string &L : Lines)
    Out += (Out.empty() ? "" : "\n") + cut(L, MaxLine);
  return Out;
}

std::string dsocr::statsLine(const Node &N, uint64_t InclusiveOps,
                             size_t MaxChars) {
  if (N.calls() == 0)
    return ""; // the remark says `never called`
  std::string Out = callsText(N.calls()) + ", " + opsText(InclusiveOps);
  // The distinct outputs, when they fit (the local crops' and the global
  // view's: `out [4,1024,10,10] bfloat16 / [1,1024,16,16] bfloat16`).
  MetadataSummary S = summaryOf(N);
  std::vector<std::string> Outputs;
  for (const CallSignature &Sig : S.Signatures)
    if (Sig.Outputs &&
        !llvm::is_contained(Outputs, describeTensors(*Sig.Outputs)))
      Outputs.push_back(describeTensors(*Sig.Outputs));
  if (Outputs.empty())
    return Out;
  std::string Shapes = ", out ";
  for (size_t I = 0; I < Outputs.size(); ++I)
    Shapes += (I ? " / " : "") + Outputs[I];
  if (Out.size() + Shapes.size() <= MaxChars)
    Out += Shapes;
  else if (Outputs.size() > 1)
    Out += ", " + std::to_string(Outputs.size()) + " output shapes";
  return Out;
}
