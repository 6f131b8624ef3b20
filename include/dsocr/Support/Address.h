//===- Address.h - Dotted module addresses and address patterns -*- C++ -*-===//
//
// Module addresses are dotted paths (`sam_model.blocks.7.attn`); a numeric
// segment indexes a list container. Folded groups use patterns in which a
// segment is an index set in brackets (`sam_model.blocks.[0-11].attn`).
// Profiles match addresses with globs whose segments may also be `*` (any one
// segment) or `**` (any number of segments).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_ADDRESS_H
#define DSOCR_SUPPORT_ADDRESS_H

#include "dsocr/Support/IndexSet.h"

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace dsocr {

/// Pattern syntax in a name: `[`, `]` (index sets), `*` (globs) and `\`
/// (the escape). A module whose own name contains any of them has an
/// address in which each is escaped with a backslash (`m.l.\[0-3\]`), so
/// that no module's address reads as a pattern and every printed address is
/// unambiguous. Trace readers escape names as they read them; IR holds
/// addresses escaped.
bool hasPatternSyntax(llvm::StringRef Name);
/// Name with every `[`, `]`, `*` and `\` escaped by a backslash.
std::string escapeName(llvm::StringRef Name);
/// True if every backslash of Address escapes one of `[`, `]`, `*`, `\`.
/// With AllowPatterns false, Address must also have no unescaped `[`, `]`
/// or `*` (it names one module, not a pattern). On failure, Why says what
/// is wrong.
bool checkAddressSyntax(llvm::StringRef Address, bool AllowPatterns,
                        std::string &Why);

/// An edge key `caller->callee` (TorchLens's `edges`, and the IR's trace
/// form, which mirrors it) split at its one `->`. On failure, returns false
/// and Why says what is wrong, naming the key.
bool splitEdgeKey(llvm::StringRef Key, llvm::StringRef &Caller,
                  llvm::StringRef &Callee, std::string &Why);

/// True if S is a non-empty run of decimal digits.
bool isIndexSegment(llvm::StringRef S);

/// If the last segment of Address is a list index (`base.7`; a canonical
/// decimal, so not `base.07`), sets Base and Index and returns true.
bool splitIndexedAddress(llvm::StringRef Address, llvm::StringRef &Base,
                         uint64_t &Index);

/// The address with its last segment removed (`a.b.c` -> `a.b`, `a` -> ``).
llvm::StringRef addressParent(llvm::StringRef Address);

/// True if Address equals Prefix or continues it with a `.` segment.
bool hasSegmentPrefix(llvm::StringRef Address, llvm::StringRef Prefix);

/// Natural order: segment by segment, numeric segments compared as numbers,
/// so `layers.2` < `layers.10`. Returns <0, 0 or >0.
int compareNatural(llvm::StringRef A, llvm::StringRef B);

/// Natural order as a comparator for sorts and ordered containers: of
/// strings, or of pointers to anything with an address() (nodes).
struct NaturalOrder {
  bool operator()(llvm::StringRef A, llvm::StringRef B) const {
    return compareNatural(A, B) < 0;
  }
  template <typename T> bool operator()(const T *A, const T *B) const {
    return compareNatural(A->address(), B->address()) < 0;
  }
};

/// `Base.[Indices]`, or `Base.N` when the set has one member.
std::string makeIndexedPattern(llvm::StringRef Base, const IndexSet &Indices);

/// How the members of a sibling family are told apart: list indices
/// (`blocks.7`), or a stem and an index in the last segment, as a number
/// (`encoder_layer_0`, `denselayer1`, `layer1`, `block2-0`) or a letter
/// (`Mixed_6b`, `inception4a`: a is 0).
enum class IndexStyle : uint8_t { Decimal, Lower, Upper };
llvm::StringRef indexStyleName(IndexStyle S); // "decimal", "lower", "upper"
llvm::Optional<IndexStyle> parseIndexStyle(llvm::StringRef Name);

/// The name of one family member: Address = Base.StemIndex.
struct FamilyMemberName {
  llvm::StringRef Base; // the parent's address (`encoder.layers`)
  llvm::StringRef Stem; // empty for list indices
  uint64_t Index = 0;
  IndexStyle Style = IndexStyle::Decimal;
};

/// Splits Address into a family member's name: a last segment of only
/// digits (a list index, no stem), of a stem and digits, or of a stem ending
/// in a digit or `_` and one letter. Indices are canonical (`layer01` is a
/// name). False when the last segment has no index, or is escaped text.
bool splitFamilyMember(llvm::StringRef Address, FamilyMemberName &Out);
/// The index as written in an address: `7`, or `b` for 1 in Lower style.
std::string indexText(uint64_t Index, IndexStyle Style);
/// An index set as written in a pattern's brackets: `0-11`, `b-e`.
std::string indexSetText(const IndexSet &Indices, IndexStyle Style);
/// Reads such a set back (numbers, or letters of one case); None if it is
/// malformed.
llvm::Optional<IndexSet> parseIndexSetText(llvm::StringRef Text,
                                           IndexStyle &Style);
/// The address of member Index: `Base.StemIndex`.
std::string familyMemberAddress(llvm::StringRef Base, llvm::StringRef Stem,
                                IndexStyle Style, uint64_t Index);
/// The pattern of a family's members: `Base.Stem[Indices]`, or the one
/// member's address when the set has one index.
std::string makeFamilyPattern(llvm::StringRef Base, llvm::StringRef Stem,
                              IndexStyle Style, const IndexSet &Indices);

/// Replaces every index by `*`: numeric and bracketed segments, and the index
/// of a stem-and-index segment (`layer1`, `layer[1-4]` -> `layer*`):
/// `layers.[1-11].mlp.experts.3` -> `layers.*.mlp.experts.*`.
std::string wildcardIndices(llvm::StringRef Address);

/// Matches an address or pattern against a profile glob. Glob segments:
/// literal text, `*` (any one segment), `**` (zero or more segments) or an
/// index set in brackets (`[2,5,8,11]`, or after a stem: `layer[2-3]`),
/// which matches a segment with an index in the set, or a bracketed segment
/// (with the same stem) whose set lies inside it. Letter indices are written
/// as letters (`Mixed_6[b-c]`).
bool matchAddressGlob(llvm::StringRef Glob, llvm::StringRef Address);

} // namespace dsocr

#endif // DSOCR_SUPPORT_ADDRESS_H
