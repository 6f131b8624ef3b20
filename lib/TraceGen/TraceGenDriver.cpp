//===- TraceGenDriver.cpp - What dsocr-tracegen does, as a library --------===//
//
// Loading, knobs, the -target-size search and the atomic write.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/TraceGenDriver.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/TraceGen/BuiltinModels.h"
#include "dsocr/TraceGen/CallTree.h"
#include "dsocr/TraceGen/ModelDescription.h"
#include "dsocr/TraceGen/TraceGenerator.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace dsocr;
using llvm::StringRef;

void dsocr::listModels() {
  for (const std::string &Name : builtinModelNames())
    llvm::outs() << Name << '\n';
}

bool dsocr::parseByteSize(StringRef Text, uint64_t &Out) {
  StringRef Digits = Text.take_while(llvm::isDigit);
  StringRef Suffix = Text.drop_front(Digits.size());
  uint64_t N;
  if (Digits.empty() || Digits.getAsInteger(10, N))
    return false;
  uint64_t Unit = 1;
  if (Suffix.empty() || Suffix == "B")
    Unit = 1;
  else if (Suffix == "K" || Suffix == "KB")
    Unit = 1000;
  else if (Suffix == "M" || Suffix == "MB")
    Unit = 1000 * 1000;
  else if (Suffix == "G" || Suffix == "GB")
    Unit = 1000 * 1000 * 1000;
  else if (Suffix == "Ki" || Suffix == "KiB")
    Unit = 1 << 10;
  else if (Suffix == "Mi" || Suffix == "MiB")
    Unit = 1 << 20;
  else if (Suffix == "Gi" || Suffix == "GiB")
    Unit = 1 << 30;
  else
    return false;
  if (N > UINT64_MAX / Unit)
    return false;
  Out = N * Unit;
  return true;
}

namespace {

void setParam(GenOptions &O, StringRef Name, int64_t V) {
  for (auto &P : O.ParamOverrides)
    if (P.first == Name) {
      P.second = V;
      return;
    }
  O.ParamOverrides.push_back({Name.str(), V});
}

/// The parameter values after overrides, in declaration order.
bool currentParams(const ModelDescription &D, const GenOptions &O,
                   Diagnostics &Diags,
                   std::vector<std::pair<std::string, int64_t>> &Out) {
  CallTreeBuilder B(D, O, Diags);
  Instance Root;
  if (!B.makeRoot(Root))
    return false;
  for (const ModelDescription::Param &P : D.Params) {
    int64_t V = 0;
    B.paramValue(Root, P.Name, V);
    Out.push_back({P.Name, V});
  }
  return true;
}

/// Chooses the value of Param that makes the trace about Target bytes:
/// sizes are close to linear in a size parameter (a layer count, a step
/// count), so two cheap dry runs give the line, and dry runs refine the
/// estimate while they stay cheap.
bool searchTargetSize(const ModelDescription &D, GenOptions &O, StringRef Param,
                      uint64_t Target, Diagnostics &Diags, int64_t &Chosen) {
  std::vector<std::pair<std::string, int64_t>> Values;
  if (!currentParams(D, O, Diags, Values))
    return false;
  int64_t V0 = 1;
  for (const auto &P : Values)
    if (P.first == Param)
      V0 = std::max<int64_t>(P.second, 1);
  auto Measure = [&](int64_t V, uint64_t &Bytes) -> bool {
    GenOptions Trial = O;
    setParam(Trial, Param, V);
    return measureTrace(D, Trial, Diags, Bytes);
  };
  // Dry runs up to this size are cheap next to writing the target.
  const uint64_t CheapBytes = std::max<uint64_t>(Target / 16, 4 << 20);
  int64_t A = V0, Bv = V0 + std::max<int64_t>(1, V0 / 2);
  uint64_t SA, SB;
  if (!Measure(A, SA) || !Measure(Bv, SB))
    return false;
  bool Refined = false;
  for (int Iter = 0; Iter < 8; ++Iter) {
    double Slope = double(int64_t(SB) - int64_t(SA)) / double(Bv - A);
    int64_t Next;
    if (Slope <= 0)
      Next = SB < Target ? Bv * 2 : std::max<int64_t>(1, A / 2);
    else
      Next = Bv + int64_t(std::llround((double(Target) - double(SB)) / Slope));
    Next = std::max<int64_t>(Next, 1);
    if (Next == A || Next == Bv) {
      Chosen = Next;
      return true;
    }
    // Refine only while a dry run at Next is cheap; otherwise trust the
    // line (sizes grow slightly faster than linearly as indices get longer
    // digits, so the estimate is within a few percent).
    double Expected = double(SB) + Slope * double(Next - Bv);
    if (Slope > 0 && Expected > double(CheapBytes)) {
      // Two probes at 1/16 and 1/8 of the estimate (cheap next to the
      // final run) give a line closer to the target, whose addresses have
      // about as many digits as the target's.
      int64_t P1 = std::max<int64_t>(Bv + 1, Next / 16);
      int64_t P2 = std::max<int64_t>(P1 + 1, Next / 8);
      if (Refined || P2 >= Next) {
        Chosen = Next;
        return true;
      }
      Refined = true;
      if (!Measure(P1, SA) || !Measure(P2, SB))
        return false;
      A = P1;
      Bv = P2;
      continue;
    }
    uint64_t SN;
    if (!Measure(Next, SN))
      return false;
    A = Bv;
    SA = SB;
    Bv = Next;
    SB = SN;
  }
  Chosen = Bv;
  return true;
}

} // namespace

int dsocr::runTraceGen(const TraceGenConfig &C) {
  Diagnostics Diags(llvm::errs(), "dsocr-tracegen");
  std::unique_ptr<ModelDescription> D = loadModelDescription(C.Model, Diags);
  if (!D)
    return 1;
  GenOptions O = C.Options;
  for (const std::string &S : C.Settings) {
    StringRef Name, ValueText;
    std::tie(Name, ValueText) = StringRef(S).split('=');
    int64_t V;
    if (Name.empty() || ValueText.empty() || ValueText.getAsInteger(10, V)) {
      Diags.error(nullptr, "-set expects name=integer, not '" + S + "'");
      return 1;
    }
    setParam(O, Name, V);
  }

  if (C.ListParams) {
    std::vector<std::pair<std::string, int64_t>> Values;
    if (!currentParams(*D, O, Diags, Values))
      return 1;
    llvm::outs() << D->Name << ": " << D->Doc << '\n';
    for (const auto &P : Values)
      llvm::outs() << "  " << P.first << " = " << P.second
                   << (P.first == D->SizeParam ? "  (size parameter)" : "")
                   << '\n';
    return 0;
  }

  uint64_t TargetBytes = 0;
  if (!C.TargetSize.empty() &&
      (!parseByteSize(C.TargetSize, TargetBytes) || TargetBytes == 0)) {
    Diags.error(nullptr, "-target-size expects a byte count such as "
                         "1048576, 1M, 100M or 1G, not '" +
                             C.TargetSize + "'");
    return 1;
  }
  if (TargetBytes) {
    std::string Param = C.TargetParam.empty() ? D->SizeParam : C.TargetParam;
    if (Param.empty()) {
      Diags.error(nullptr, "model '" + D->Name +
                               "' has no 'size_param'; name the parameter "
                               "-target-size scales with -target-param");
      return 1;
    }
    if (!D->findParam(Param)) {
      Diags.error(nullptr, "model '" + D->Name + "' has no parameter '" +
                               Param + "' for -target-size");
      return 1;
    }
    int64_t Chosen;
    if (!searchTargetSize(*D, O, Param, TargetBytes, Diags, Chosen))
      return 1;
    setParam(O, Param, Chosen);
    Diags.note(nullptr, "-target-size=" + C.TargetSize + ": " + Param + "=" +
                            llvm::Twine(Chosen));
  }
  return writeTraceFile(*D, O, C.OutputPath, Diags) ? 0 : 1;
}
