//===- IndexSet.cpp - Sets of list indices stored as ranges ---------------===//
//
// Range arithmetic and the textual form of IndexSet.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/IndexSet.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <limits>

using namespace dsocr;

void IndexSet::insertRange(uint64_t Lo, uint64_t Hi) {
  if (Lo > Hi)
    std::swap(Lo, Hi);
  // Fast path: append at the end (the common case when building in order).
  if (Ranges.empty() ||
      (Ranges.back().second != std::numeric_limits<uint64_t>::max() &&
       Lo > Ranges.back().second + 1)) {
    Ranges.push_back({Lo, Hi});
    return;
  }
  if (Lo >= Ranges.back().first) {
    Ranges.back().second = std::max(Ranges.back().second, Hi);
    return;
  }
  // General case: the ranges that touch [Lo, Hi] (overlap or adjoin it)
  // are contiguous; replace them by their union.
  constexpr uint64_t Max = std::numeric_limits<uint64_t>::max();
  auto First = std::partition_point(
      Ranges.begin(), Ranges.end(),
      [&](const Range &R) { return R.second != Max && R.second + 1 < Lo; });
  auto Last = First;
  for (; Last != Ranges.end() && (Hi == Max || Last->first <= Hi + 1); ++Last) {
    Lo = std::min(Lo, Last->first);
    Hi = std::max(Hi, Last->second);
  }
  if (First == Last) {
    Ranges.insert(First, {Lo, Hi});
    return;
  }
  *First = {Lo, Hi};
  Ranges.erase(First + 1, Last);
}

void IndexSet::unionWith(const IndexSet &Other) {
  if (Other.Ranges.empty())
    return;
  if (Ranges.empty()) {
    Ranges = Other.Ranges;
    return;
  }
  // A linear merge of the two sorted range lists.
  llvm::SmallVector<Range, 2> Merged;
  Merged.reserve(Ranges.size() + Other.Ranges.size());
  size_t I = 0, J = 0;
  while (I < Ranges.size() || J < Other.Ranges.size()) {
    const Range &R = J == Other.Ranges.size() ||
                             (I < Ranges.size() &&
                              Ranges[I].first < Other.Ranges[J].first)
                         ? Ranges[I++]
                         : Other.Ranges[J++];
    if (!Merged.empty() &&
        (Merged.back().second == std::numeric_limits<uint64_t>::max() ||
         R.first <= Merged.back().second + 1))
      Merged.back().second = std::max(Merged.back().second, R.second);
    else
      Merged.push_back(R);
  }
  Ranges = std::move(Merged);
}

bool IndexSet::contains(uint64_t I) const {
  auto It =
      std::upper_bound(Ranges.begin(), Ranges.end(), I,
                       [](uint64_t V, const Range &R) { return V < R.first; });
  if (It == Ranges.begin())
    return false;
  --It;
  return I <= It->second;
}

uint64_t IndexSet::size() const {
  uint64_t N = 0;
  for (const Range &R : Ranges)
    N += R.second - R.first + 1;
  return N;
}

bool IndexSet::isSubsetOf(const IndexSet &Other) const {
  return intersect(Other) == *this;
}

IndexSet IndexSet::intersect(const IndexSet &Other) const {
  IndexSet Out;
  size_t I = 0, J = 0;
  while (I < Ranges.size() && J < Other.Ranges.size()) {
    uint64_t Lo = std::max(Ranges[I].first, Other.Ranges[J].first);
    uint64_t Hi = std::min(Ranges[I].second, Other.Ranges[J].second);
    if (Lo <= Hi)
      Out.insertRange(Lo, Hi);
    if (Ranges[I].second < Other.Ranges[J].second)
      ++I;
    else
      ++J;
  }
  return Out;
}

IndexSet IndexSet::minus(const IndexSet &Other) const {
  IndexSet Out;
  for (const Range &R : Ranges) {
    uint64_t Lo = R.first;
    bool Done = false;
    for (const Range &O : Other.Ranges) {
      if (O.second < Lo || O.first > R.second)
        continue;
      if (O.first > Lo)
        Out.insertRange(Lo, O.first - 1);
      if (O.second >= R.second) {
        Done = true;
        break;
      }
      Lo = O.second + 1;
    }
    if (!Done)
      Out.insertRange(Lo, R.second);
  }
  return Out;
}

void IndexSet::print(llvm::raw_ostream &OS) const {
  bool First = true;
  for (const Range &R : Ranges) {
    if (!First)
      OS << ',';
    First = false;
    OS << R.first;
    if (R.second != R.first)
      OS << '-' << R.second;
  }
}

std::string IndexSet::str() const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  print(OS);
  return OS.str();
}

llvm::Optional<IndexSet> IndexSet::parse(llvm::StringRef Text) {
  IndexSet S;
  if (Text.empty())
    return S;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Text.split(Parts, ',');
  bool HaveLast = false;
  uint64_t Last = 0;
  for (llvm::StringRef Part : Parts) {
    llvm::StringRef LoText = Part, HiText = Part;
    size_t Dash = Part.find('-');
    if (Dash != llvm::StringRef::npos) {
      LoText = Part.substr(0, Dash);
      HiText = Part.substr(Dash + 1);
    }
    uint64_t Lo, Hi;
    if (LoText.empty() || HiText.empty() ||
        !std::all_of(LoText.begin(), LoText.end(), llvm::isDigit) ||
        !std::all_of(HiText.begin(), HiText.end(), llvm::isDigit) ||
        LoText.getAsInteger(10, Lo) || HiText.getAsInteger(10, Hi) || Lo > Hi)
      return llvm::None;
    // Ranges must be ascending and must not overlap; adjacent ranges are
    // accepted and coalesced (`0,1` reads as `0-1`).
    if (HaveLast && Lo <= Last)
      return llvm::None;
    S.insertRange(Lo, Hi);
    HaveLast = true;
    Last = Hi;
  }
  return S;
}
