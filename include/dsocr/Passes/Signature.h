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
#include "llvm/ADT/StringMap.h"

#include <map>
#include <vector>

namespace dsocr {

class Node;

/// The address of Child relative to Parent (`attn` for `b.3.attn` under
/// `b.3`), or `@` followed by the full address when Child is not below
/// Parent's address.
std::string relativeKey(const Node &Parent, const Node &Child);

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

private:
  unsigned intern(std::vector<uint64_t> Key);
  unsigned textId(llvm::StringRef S);

  llvm::DenseMap<const Node *, unsigned> Memo;
  std::map<std::vector<uint64_t>, unsigned> Tuples;
  llvm::StringMap<unsigned> Texts;
};

} // namespace dsocr

#endif // DSOCR_PASSES_SIGNATURE_H
