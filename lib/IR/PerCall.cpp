//===- PerCall.cpp - Calls of a module per call of its caller -------------===//
//
// Exact fractions for calls per caller call, their merge and text form.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/PerCall.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <numeric>
#include <tuple>

using namespace dsocr;

PerCall PerCall::ratio(uint64_t Calls, uint64_t CallerCalls) {
  PerCall P;
  if (CallerCalls == 0)
    return P;
  uint64_t G = std::gcd(Calls, CallerCalls);
  if (G == 0)
    G = 1;
  P.Num = Calls / G;
  P.Den = CallerCalls / G;
  P.S = State::Exact;
  return P;
}

PerCall PerCall::merge(const PerCall &Other) const {
  if (S == State::Unknown)
    return Other;
  if (Other.S == State::Unknown)
    return *this;
  if (*this == Other)
    return *this;
  return mixed();
}

void PerCall::print(llvm::raw_ostream &OS) const {
  switch (S) {
  case State::Unknown:
    return;
  case State::Mixed:
    OS << "mixed";
    return;
  case State::Exact:
    OS << Num;
    if (Den != 1)
      OS << '/' << Den;
    return;
  }
}

std::string PerCall::str() const {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  print(OS);
  return OS.str();
}

static bool parseDecimal(llvm::StringRef Text, uint64_t &V) {
  if (Text.empty() || Text.size() > 20 ||
      !std::all_of(Text.begin(), Text.end(), llvm::isDigit))
    return false;
  return !Text.getAsInteger(10, V);
}

llvm::Optional<PerCall> PerCall::parse(llvm::StringRef Text) {
  if (Text == "mixed")
    return mixed();
  llvm::StringRef NumText = Text, DenText = "1";
  size_t Slash = Text.find('/');
  if (Slash != llvm::StringRef::npos) {
    NumText = Text.substr(0, Slash);
    DenText = Text.substr(Slash + 1);
  }
  uint64_t N, D;
  if (!parseDecimal(NumText, N) || !parseDecimal(DenText, D) || D == 0)
    return llvm::None;
  PerCall P = ratio(N, D);
  // Only reduced fractions are canonical.
  if (P.Num != N || P.Den != D)
    return llvm::None;
  return P;
}

bool PerCall::operator<(const PerCall &O) const {
  return std::tie(S, Num, Den) < std::tie(O.S, O.Num, O.Den);
}
