//===- Signature.h - Structural signatures of subtrees ----------*- C++ -*-===//
//
// Two subtrees have the same structural signature when they have the same
// class, the same calls per caller call and, child by child (addressed
// relative to their parent), the same signatures. Op counts are kept apart:
// blocks that differ only in op count share a signature. A fan-out family
// recorded on a node (discover-families) counts as one item, its size and
// the signatures of its called members, so that routing (which experts ran)
// does not make two MoE layers differ. Signatures are small integers handed
// out by hash-consing: equal structure, equal number, no collisions.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_SIGNATURE_H
#define DSOCR_PASSES_SIGNATURE_H

#include "dsocr/Support/IndexSet.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class Node;

/// The address of Child relative to Parent (`attn` for `b.3.attn` under
/// `b.3`), or `@` followed by the full address when Child is not below
/// Parent's address: a view into Child's address, or Scratch holding `@`
/// and the address.
llvm::StringRef relativeKey(const Node &Parent, const Node &Child,
                            llvm::SmallVectorImpl<char> &Scratch);

class StructuralSignatures {
public:
  /// The signature of N's subtree (memoised; N must not change afterwards).
  unsigned of(const Node &N);
  /// Forgets memoised signatures (after the tree changed).
  void clear() { Memo.clear(); }

  /// Partitions Members (index -> node) by signature: one set per distinct
  /// signature, ordered by smallest index.
  std::vector<IndexSet>
  partition(const std::vector<std::pair<uint64_t, const Node *>> &Members);

  /// Computes the signatures of the subtrees at Roots (disjoint subtrees)
  /// on up to Threads threads, as if by of() on each: work goes to private
  /// tables, which are then merged into this one. Worth it for big graphs.
  void computeInParallel(const std::vector<const Node *> &Roots,
                         unsigned Threads);

private:
  /// Adds the tuples and memoised signatures of Other (computed apart) to
  /// this table, renumbering Other's text ids and signatures.
  void absorb(const StructuralSignatures &Other);

  /// The number of the tuple in Key: an existing one if an equal tuple was
  /// seen, else the next number.
  unsigned intern(const std::vector<uint64_t> &Key);
  unsigned textId(llvm::StringRef S);
  /// A number for S in a tuple: short texts (most address segments) are
  /// packed into the number itself, longer ones get a text id; the two
  /// never collide.
  uint64_t textKey(llvm::StringRef S);
  /// textId of a class name, cached by where the (interned) name lives.
  unsigned classId(llvm::StringRef ClassName);
  /// Builds N's tuple into Key (children's signatures must be memoised).
  void buildKey(const Node &N);

  /// Signature + 1 by node id; 0 while unknown.
  std::vector<unsigned> Memo;
  unsigned memo(const Node &N) const;
  void setMemo(const Node &N, unsigned Sig);

  /// Hash-consed tuples: all tuples end to end in Pool, tuple I at
  /// [Offsets[I], Offsets[I + 1]); an open-addressing table of tuple numbers
  /// (+1, 0 = empty) with their hashes.
  std::vector<uint64_t> Pool;
  std::vector<size_t> Offsets{0};
  std::vector<std::pair<uint64_t, unsigned>> Table;
  llvm::StringMap<unsigned> Texts;
  llvm::DenseMap<std::pair<const char *, size_t>, unsigned> ClassIds;

  // Scratch, reused between nodes.
  std::vector<uint64_t> Key;
  llvm::SmallString<128> RelScratch;
};

} // namespace dsocr

#endif // DSOCR_PASSES_SIGNATURE_H
