//===- Address.cpp - Dotted module addresses and address patterns ---------===//
//
// Natural ordering, pattern construction and glob matching of addresses.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Address.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace dsocr;
using llvm::StringRef;

bool dsocr::isIndexSegment(StringRef S) {
  return !S.empty() && std::all_of(S.begin(), S.end(), llvm::isDigit);
}

bool dsocr::splitIndexedAddress(StringRef Address, StringRef &Base,
                                uint64_t &Index) {
  size_t Dot = Address.rfind('.');
  if (Dot == StringRef::npos)
    return false;
  StringRef Last = Address.substr(Dot + 1);
  if (!isIndexSegment(Last) || Last.size() > 19 || Last.getAsInteger(10, Index))
    return false;
  Base = Address.substr(0, Dot);
  return !Base.empty();
}

StringRef dsocr::addressParent(StringRef Address) {
  size_t Dot = Address.rfind('.');
  return Dot == StringRef::npos ? StringRef() : Address.substr(0, Dot);
}

bool dsocr::hasSegmentPrefix(StringRef Address, StringRef Prefix) {
  if (!Address.startswith(Prefix))
    return false;
  return Address.size() == Prefix.size() || Prefix.empty() ||
         Address[Prefix.size()] == '.';
}

static StringRef nextSegment(StringRef &Rest) {
  size_t Dot = Rest.find('.');
  // A bracketed segment may not contain dots, so a plain find is enough.
  StringRef Seg = Rest.substr(0, Dot);
  Rest = Dot == StringRef::npos ? StringRef() : Rest.substr(Dot + 1);
  return Seg;
}

int dsocr::compareNatural(StringRef A, StringRef B) {
  while (!A.empty() && !B.empty()) {
    StringRef SA = nextSegment(A), SB = nextSegment(B);
    bool NA = isIndexSegment(SA), NB = isIndexSegment(SB);
    if (NA && NB) {
      StringRef TA = SA.ltrim('0'), TB = SB.ltrim('0');
      if (TA.size() != TB.size())
        return TA.size() < TB.size() ? -1 : 1;
      if (int C = TA.compare(TB))
        return C;
      if (SA.size() != SB.size()) // `07` after `7`, for a total order
        return SA.size() < SB.size() ? -1 : 1;
      continue;
    }
    if (NA != NB)
      return NA ? -1 : 1; // indices before names
    if (int C = SA.compare(SB))
      return C;
  }
  if (A.empty() && B.empty())
    return 0;
  return A.empty() ? -1 : 1;
}

std::string dsocr::makeIndexedPattern(StringRef Base, const IndexSet &Indices) {
  std::string S = Base.str();
  S += '.';
  if (Indices.isSingle()) {
    S += std::to_string(Indices.min());
  } else {
    S += '[';
    S += Indices.str();
    S += ']';
  }
  return S;
}

static bool isBracketSegment(StringRef S) {
  return S.size() >= 2 && S.front() == '[' && S.back() == ']';
}

std::string dsocr::wildcardIndices(StringRef Address) {
  std::string Out;
  StringRef Rest = Address;
  bool First = true;
  while (!Rest.empty()) {
    StringRef Seg = nextSegment(Rest);
    if (!First)
      Out += '.';
    First = false;
    if (isIndexSegment(Seg) || isBracketSegment(Seg))
      Out += '*';
    else
      Out += Seg.str();
  }
  return Out;
}

static bool segmentMatches(StringRef GlobSeg, StringRef Seg) {
  if (GlobSeg == "*")
    return true;
  if (isBracketSegment(GlobSeg)) {
    auto Want = IndexSet::parse(GlobSeg.drop_front().drop_back());
    if (!Want)
      return false;
    if (isIndexSegment(Seg)) {
      uint64_t I;
      return !Seg.getAsInteger(10, I) && Want->contains(I);
    }
    if (isBracketSegment(Seg)) {
      auto Have = IndexSet::parse(Seg.drop_front().drop_back());
      return Have && Have->isSubsetOf(*Want);
    }
    return false;
  }
  return GlobSeg == Seg;
}

static bool matchSegments(llvm::ArrayRef<StringRef> Glob,
                          llvm::ArrayRef<StringRef> Addr) {
  if (Glob.empty())
    return Addr.empty();
  if (Glob.front() == "**") {
    for (size_t Skip = 0; Skip <= Addr.size(); ++Skip)
      if (matchSegments(Glob.drop_front(), Addr.drop_front(Skip)))
        return true;
    return false;
  }
  if (Addr.empty() || !segmentMatches(Glob.front(), Addr.front()))
    return false;
  return matchSegments(Glob.drop_front(), Addr.drop_front());
}

bool dsocr::matchAddressGlob(StringRef Glob, StringRef Address) {
  llvm::SmallVector<StringRef, 8> G, A;
  Glob.split(G, '.');
  Address.split(A, '.');
  return matchSegments(G, A);
}
