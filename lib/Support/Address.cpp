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
