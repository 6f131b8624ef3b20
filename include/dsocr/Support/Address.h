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

/// Replaces every numeric or bracketed segment by `*`:
/// `layers.[1-11].mlp.experts.3` -> `layers.*.mlp.experts.*`.
std::string wildcardIndices(llvm::StringRef Address);

/// Matches an address or pattern against a profile glob. Glob segments:
/// literal text, `*` (any one segment), `**` (zero or more segments) or an
/// index set in brackets (`[2,5,8,11]`), which matches a numeric segment in
/// the set or a bracketed segment whose set lies inside it.
bool matchAddressGlob(llvm::StringRef Glob, llvm::StringRef Address);

} // namespace dsocr

#endif // DSOCR_SUPPORT_ADDRESS_H
