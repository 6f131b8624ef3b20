//===- Address.cpp - Dotted module addresses and address patterns ---------===//
//
// Natural ordering, pattern construction and glob matching of addresses.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Address.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

using namespace dsocr;
using llvm::StringRef;

static bool isPatternChar(char C) {
  return C == '[' || C == ']' || C == '*' || C == '\\';
}

#ifdef __SSE2__
/// Whether any of the 16 bytes at P is a pattern character.
static bool hasPatternChar16(const char *P) {
  __m128i V = _mm_loadu_si128(reinterpret_cast<const __m128i *>(P));
  __m128i M = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(V, _mm_set1_epi8('[')),
                   _mm_cmpeq_epi8(V, _mm_set1_epi8(']'))),
      _mm_or_si128(_mm_cmpeq_epi8(V, _mm_set1_epi8('*')),
                   _mm_cmpeq_epi8(V, _mm_set1_epi8('\\'))));
  return _mm_movemask_epi8(M) != 0;
}
#endif

/// Whether any byte of V is zero.
static bool hasZeroByte(uint64_t V) {
  return (V - 0x0101010101010101ull) & ~V & 0x8080808080808080ull;
}

bool dsocr::hasPatternSyntax(StringRef Name) {
  // The reader asks this of every address it reads: 16 bytes at a time
  // (the last 16 overlapping the ones before), or eight.
  const char *P = Name.data();
  size_t N = Name.size();
#ifdef __SSE2__
  if (N >= 16) {
    for (size_t I = 0; I + 16 <= N; I += 16)
      if (hasPatternChar16(P + I))
        return true;
    return N % 16 != 0 && hasPatternChar16(P + N - 16);
  }
#endif
  constexpr uint64_t Ones = 0x0101010101010101ull;
  size_t I = 0;
  for (; I + 8 <= N; I += 8) {
    uint64_t V;
    std::memcpy(&V, P + I, 8);
    if (hasZeroByte(V ^ (Ones * '[')) || hasZeroByte(V ^ (Ones * ']')) ||
        hasZeroByte(V ^ (Ones * '*')) || hasZeroByte(V ^ (Ones * '\\')))
      return true;
  }
  return std::any_of(P + I, P + N, isPatternChar);
}

std::string dsocr::escapeName(StringRef Name) {
  std::string Out;
  Out.reserve(Name.size() + 4);
  for (char C : Name) {
    if (isPatternChar(C))
      Out += '\\';
    Out += C;
  }
  return Out;
}

/// Position of the first `->` in S at or after From (memchr for the `-`:
/// a trace has an edge key per edge).
static size_t findArrow(StringRef S, size_t From) {
  const char *Begin = S.data(), *End = S.data() + S.size();
  for (const char *P = Begin + From; P < End;) {
    const void *Dash = std::memchr(P, '-', End - P);
    if (!Dash)
      return StringRef::npos;
    P = static_cast<const char *>(Dash) + 1;
    if (P < End && *P == '>')
      return size_t(P - 1 - Begin);
  }
  return StringRef::npos;
}

bool dsocr::splitEdgeKey(StringRef Key, StringRef &Caller, StringRef &Callee,
                         std::string &Why) {
  size_t Arrow = findArrow(Key, 0);
  if (Arrow == StringRef::npos) {
    Why = "edge key '" + Key.str() + "' is not of the form 'caller->callee'";
    return false;
  }
  if (findArrow(Key, Arrow + 2) != StringRef::npos) {
    Why = "edge key '" + Key.str() + "' has more than one '->'";
    return false;
  }
  Caller = Key.substr(0, Arrow);
  Callee = Key.substr(Arrow + 2);
  if (Caller.empty() || Callee.empty()) {
    Why = "edge key '" + Key.str() + "' has an empty " +
          (Caller.empty() ? "caller" : "callee");
    return false;
  }
  return true;
}

bool dsocr::checkAddressSyntax(StringRef Address, bool AllowPatterns,
                               std::string &Why) {
  for (size_t I = 0; I < Address.size(); ++I) {
    char C = Address[I];
    if (C == '\\') {
      if (I + 1 == Address.size() || !isPatternChar(Address[I + 1])) {
        Why = "a backslash in an address must escape '[', ']', '*' or '\\'";
        return false;
      }
      ++I;
      continue;
    }
    if (!AllowPatterns && isPatternChar(C)) {
      Why = std::string("'") + C +
            "' in a module address must be escaped as '\\" + C +
            "' (an unescaped one is pattern syntax)";
      return false;
    }
  }
  return true;
}

bool dsocr::isIndexSegment(StringRef S) {
  return !S.empty() && std::all_of(S.begin(), S.end(), llvm::isDigit);
}

bool dsocr::splitIndexedAddress(StringRef Address, StringRef &Base,
                                uint64_t &Index) {
  size_t Dot = Address.rfind('.');
  if (Dot == StringRef::npos)
    return false;
  StringRef Last = Address.substr(Dot + 1);
  // Only canonical decimals are list indices: `05` is a name.
  if (!isIndexSegment(Last) || Last.size() > 19 ||
      (Last.size() > 1 && Last.front() == '0') || Last.getAsInteger(10, Index))
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
  // One pass over both strings, segment by segment, without searching for
  // the next dot first (this runs inside sorts of many addresses).
  size_t I = 0, J = 0;
  const size_t NA = A.size(), NB = B.size();
  while (I < NA && J < NB) {
    size_t EA = I, EB = J;
    bool DigitsA = true, DigitsB = true;
    while (EA < NA && A[EA] != '.')
      DigitsA &= llvm::isDigit(A[EA++]);
    while (EB < NB && B[EB] != '.')
      DigitsB &= llvm::isDigit(B[EB++]);
    StringRef SA = A.slice(I, EA), SB = B.slice(J, EB);
    DigitsA &= !SA.empty();
    DigitsB &= !SB.empty();
    if (DigitsA && DigitsB) {
      StringRef TA = SA.ltrim('0'), TB = SB.ltrim('0');
      if (TA.size() != TB.size())
        return TA.size() < TB.size() ? -1 : 1;
      if (int C = TA.compare(TB))
        return C;
      if (SA.size() != SB.size()) // `07` after `7`, for a total order
        return SA.size() < SB.size() ? -1 : 1;
    } else if (DigitsA != DigitsB) {
      return DigitsA ? -1 : 1; // indices before names
    } else if (int C = SA.compare(SB)) {
      return C;
    }
    // Step over the dots; a string that ends here is the smaller.
    I = EA + 1;
    J = EB + 1;
    if (EA == NA || EB == NB) {
      if (EA == NA && EB == NB)
        return 0;
      return EA == NA ? -1 : 1;
    }
  }
  if (I >= NA && J >= NB)
    return 0;
  return I >= NA ? -1 : 1;
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

StringRef dsocr::indexStyleName(IndexStyle S) {
  switch (S) {
  case IndexStyle::Decimal:
    return "decimal";
  case IndexStyle::Lower:
    return "lower";
  case IndexStyle::Upper:
    return "upper";
  case IndexStyle::Listed:
    return "listed";
  }
  return "";
}

llvm::Optional<IndexStyle> dsocr::parseIndexStyle(StringRef Name) {
  for (IndexStyle S : {IndexStyle::Decimal, IndexStyle::Lower,
                       IndexStyle::Upper, IndexStyle::Listed})
    if (Name == indexStyleName(S))
      return S;
  return llvm::None;
}

/// A canonical decimal index: `0`, or digits without a leading zero.
static bool parseCanonicalIndex(StringRef Digits, uint64_t &Index) {
  return isIndexSegment(Digits) && Digits.size() <= 19 &&
         !(Digits.size() > 1 && Digits.front() == '0') &&
         !Digits.getAsInteger(10, Index);
}

bool dsocr::splitFamilyMember(StringRef Address, FamilyMemberName &Out) {
  size_t Dot = Address.rfind('.');
  StringRef Base =
      Dot == StringRef::npos ? StringRef() : Address.take_front(Dot);
  StringRef Last =
      Dot == StringRef::npos ? Address : Address.drop_front(Dot + 1);
  if (Last.empty() || Last.contains('\\') || Last.contains('['))
    return false;
  // A list index: the whole segment. It needs a parent (`7` alone is a
  // name).
  if (isIndexSegment(Last)) {
    if (Base.empty() || !parseCanonicalIndex(Last, Out.Index))
      return false;
    Out.Base = Base;
    Out.Stem = StringRef();
    Out.Style = IndexStyle::Decimal;
    return true;
  }
  // A stem and digits.
  size_t DigitsAt = Last.size();
  while (DigitsAt > 0 && llvm::isDigit(Last[DigitsAt - 1]))
    --DigitsAt;
  if (DigitsAt < Last.size()) {
    if (!parseCanonicalIndex(Last.drop_front(DigitsAt), Out.Index))
      return false;
    Out.Base = Base;
    Out.Stem = Last.take_front(DigitsAt);
    Out.Style = IndexStyle::Decimal;
    return true;
  }
  // A stem ending in a digit or `_`, and one letter.
  char L = Last.back();
  if (Last.size() < 2 || !llvm::isAlpha(L))
    return false;
  char Before = Last[Last.size() - 2];
  if (!llvm::isDigit(Before) && Before != '_')
    return false;
  bool Lower = L >= 'a' && L <= 'z';
  Out.Base = Base;
  Out.Stem = Last.drop_back();
  Out.Index = uint64_t(L - (Lower ? 'a' : 'A'));
  Out.Style = Lower ? IndexStyle::Lower : IndexStyle::Upper;
  return true;
}

std::string dsocr::indexText(uint64_t Index, IndexStyle Style) {
  if (Style == IndexStyle::Decimal || Style == IndexStyle::Listed ||
      Index >= 26)
    return std::to_string(Index);
  return std::string(1, char((Style == IndexStyle::Lower ? 'a' : 'A') + Index));
}

std::string dsocr::indexSetText(const IndexSet &Indices, IndexStyle Style) {
  if (Style == IndexStyle::Decimal || Style == IndexStyle::Listed)
    return Indices.str();
  std::string S;
  for (const IndexSet::Range &R : Indices.ranges()) {
    if (!S.empty())
      S += ',';
    S += indexText(R.first, Style);
    if (R.second != R.first)
      S += '-' + indexText(R.second, Style);
  }
  return S;
}

std::string dsocr::familyMemberAddress(StringRef Base, StringRef Stem,
                                       IndexStyle Style, uint64_t Index,
                                       MemberNameList Names) {
  std::string S = Base.str();
  if (!S.empty())
    S += '.';
  if (Style == IndexStyle::Listed && Index < Names.size())
    return S + Names[Index];
  S += Stem.str();
  S += indexText(Index, Style);
  return S;
}

std::string dsocr::bracketedIndexSet(const IndexSet &Indices, IndexStyle Style,
                                     MemberNameList Names) {
  if (Style != IndexStyle::Listed)
    return "[" + indexSetText(Indices, Style) + "]";
  std::string S = "{";
  Indices.forEach([&](uint64_t I) {
    if (S.size() > 1)
      S += ',';
    S += I < Names.size() ? Names[I] : std::to_string(I);
  });
  return S + "}";
}

std::string dsocr::makeFamilyPattern(StringRef Base, StringRef Stem,
                                     IndexStyle Style, const IndexSet &Indices,
                                     MemberNameList Names) {
  if (Indices.isSingle())
    return familyMemberAddress(Base, Stem, Style, Indices.min(), Names);
  std::string S = Base.str();
  if (!S.empty())
    S += '.';
  S += Stem.str();
  S += bracketedIndexSet(Indices, Style, Names);
  return S;
}

/// A segment `Stem[Set]` (Stem may be empty, and has no bracket or escape).
static bool splitBracketSegment(StringRef Seg, StringRef &Stem,
                                StringRef &Set) {
  size_t Open = Seg.find('[');
  if (Open == StringRef::npos || Seg.size() < Open + 2 || Seg.back() != ']')
    return false;
  Stem = Seg.take_front(Open);
  Set = Seg.slice(Open + 1, Seg.size() - 1);
  return !Stem.contains('\\') && !Set.contains('[') && !Set.contains(']');
}

llvm::Optional<IndexSet> dsocr::parseIndexSetText(StringRef Text,
                                                  IndexStyle &Style) {
  if (auto S = IndexSet::parse(Text)) {
    Style = IndexStyle::Decimal;
    return S;
  }
  // Letters: `b-e`, `a,c`, all of one case.
  std::string Digits;
  llvm::Optional<IndexStyle> Found;
  for (char C : Text) {
    IndexStyle CS = C >= 'a' && C <= 'z'   ? IndexStyle::Lower
                    : C >= 'A' && C <= 'Z' ? IndexStyle::Upper
                                           : IndexStyle::Decimal;
    if (CS == IndexStyle::Decimal) {
      if (C != '-' && C != ',')
        return llvm::None;
      Digits += C;
      continue;
    }
    if (Found && *Found != CS)
      return llvm::None;
    Found = CS;
    Digits += std::to_string(C - (CS == IndexStyle::Lower ? 'a' : 'A'));
  }
  if (!Found)
    return llvm::None;
  Style = *Found;
  return IndexSet::parse(Digits);
}

/// The stem and index of a segment `Stem` + index text, or false.
static bool splitIndexedSegment(StringRef Seg, FamilyMemberName &Out) {
  if (isIndexSegment(Seg)) {
    Out.Stem = StringRef();
    Out.Style = IndexStyle::Decimal;
    return !Seg.getAsInteger(10, Out.Index);
  }
  return splitFamilyMember(Seg, Out);
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
    StringRef Stem, Set;
    FamilyMemberName M;
    if (splitBracketSegment(Seg, Stem, Set))
      Out += Stem.str() + '*';
    else if (splitIndexedSegment(Seg, M))
      Out += M.Stem.str() + '*';
    else
      Out += Seg.str();
  }
  return Out;
}

static bool segmentMatches(StringRef GlobSeg, StringRef Seg) {
  if (GlobSeg == "*")
    return true;
  StringRef GStem, GSet;
  if (splitBracketSegment(GlobSeg, GStem, GSet)) {
    IndexStyle WantStyle;
    auto Want = parseIndexSetText(GSet, WantStyle);
    if (!Want)
      return false;
    StringRef SStem, SSet;
    if (splitBracketSegment(Seg, SStem, SSet)) {
      IndexStyle HaveStyle;
      auto Have = parseIndexSetText(SSet, HaveStyle);
      return SStem == GStem && Have && HaveStyle == WantStyle &&
             Have->isSubsetOf(*Want);
    }
    FamilyMemberName M;
    return splitIndexedSegment(Seg, M) && M.Stem == GStem &&
           M.Style == WantStyle && Want->contains(M.Index);
  }
  return GlobSeg == Seg;
}

/// Glob matching, `**` matching any number of segments: the classic greedy
/// algorithm, which returns to the last `**` on a mismatch; at most
/// O(|Glob| x |Addr|) steps, however many `**` the glob has.
static bool matchSegments(llvm::ArrayRef<StringRef> Glob,
                          llvm::ArrayRef<StringRef> Addr) {
  size_t G = 0, A = 0;
  size_t StarG = StringRef::npos, StarA = 0;
  while (A < Addr.size()) {
    if (G < Glob.size() && Glob[G] == "**") {
      StarG = G++;
      StarA = A;
      continue;
    }
    if (G < Glob.size() && segmentMatches(Glob[G], Addr[A])) {
      ++G;
      ++A;
      continue;
    }
    if (StarG == StringRef::npos)
      return false;
    G = StarG + 1; // the `**` takes one more segment
    A = ++StarA;
  }
  while (G < Glob.size() && Glob[G] == "**")
    ++G;
  return G == Glob.size();
}

bool dsocr::matchAddressGlob(StringRef Glob, StringRef Address) {
  llvm::SmallVector<StringRef, 8> G, A;
  Glob.split(G, '.');
  Address.split(A, '.');
  return matchSegments(G, A);
}
