//===- IndexSet.h - Sets of list indices stored as ranges -------*- C++ -*-===//
//
// An IndexSet is a set of non-negative integers (indices into a list
// container such as `layers.[0-11]`) kept as sorted, disjoint, non-adjacent
// closed ranges. Its textual form is the one used inside address patterns and
// in the IR: `0-11`, `2,5,8,11`, `0-1,3-4,6-7`.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_INDEXSET_H
#define DSOCR_SUPPORT_INDEXSET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Optional.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <utility>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class IndexSet {
public:
  using Range = std::pair<uint64_t, uint64_t>; // closed: [first, second]

  IndexSet() = default;
  static IndexSet single(uint64_t I) {
    IndexSet S;
    S.insert(I);
    return S;
  }
  static IndexSet range(uint64_t Lo, uint64_t Hi) {
    IndexSet S;
    S.insertRange(Lo, Hi);
    return S;
  }

  /// Adds one index. Appending in increasing order is amortised O(1).
  void insert(uint64_t I) { insertRange(I, I); }
  /// Adds the closed range [Lo, Hi].
  void insertRange(uint64_t Lo, uint64_t Hi);
  void unionWith(const IndexSet &Other);

  bool contains(uint64_t I) const;
  bool empty() const { return Ranges.empty(); }
  /// Number of indices in the set.
  uint64_t size() const;
  uint64_t min() const { return Ranges.front().first; }
  uint64_t max() const { return Ranges.back().second; }
  bool isSingle() const {
    return Ranges.size() == 1 && Ranges[0].first == Ranges[0].second;
  }
  /// True if every index of this set is in Other.
  bool isSubsetOf(const IndexSet &Other) const;
  IndexSet intersect(const IndexSet &Other) const;
  IndexSet minus(const IndexSet &Other) const;

  llvm::ArrayRef<Range> ranges() const { return Ranges; }

  /// Calls F(I) for every index in increasing order.
  template <typename Fn> void forEach(Fn F) const {
    for (const Range &R : Ranges)
      for (uint64_t I = R.first;; ++I) {
        F(I);
        if (I == R.second)
          break;
      }
  }

  /// `0-11`, `2,5,8,11`, `0-1,3-4`; the empty set prints as the empty string.
  std::string str() const;
  void print(llvm::raw_ostream &OS) const;

  /// Parses the textual form (without brackets). Whitespace is not allowed.
  /// Returns None on malformed text, descending or overlapping ranges.
  static llvm::Optional<IndexSet> parse(llvm::StringRef Text);

  bool operator==(const IndexSet &O) const { return Ranges == O.Ranges; }
  bool operator!=(const IndexSet &O) const { return Ranges != O.Ranges; }
  bool operator<(const IndexSet &O) const { return Ranges < O.Ranges; }

private:
  llvm::SmallVector<Range, 2> Ranges;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_INDEXSET_H
