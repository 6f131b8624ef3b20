//===- Fold.h - Folding a family of siblings into one group -----*- C++ -*-===//
//
// What fold-for and fold-parfor share: replacing the members of a family by
// one group node whose body shows each child once, with a pattern address
// (`sam_model.blocks.[0-11].attn`). Bodies are merged child by child, by
// relative address and class; a child only some members have keeps a
// narrower pattern (`layers.0.mlp` next to `layers.[1-11].mlp`). Counts of
// merged nodes are sums over the instances they stand for, so calls and ops
// are conserved. Members that differ become variants of the group.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_FOLD_H
#define DSOCR_PASSES_FOLD_H

#include "dsocr/IR/Node.h"
#include "dsocr/Passes/Pass.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace dsocr {

class CallGraph;
class StructuralSignatures;

/// Why a family could not be folded, or empty.
struct FoldOutcome {
  Node *Group = nullptr;
  std::string Problem;
};

/// Folds families among the children of one parent into groups. The
/// children are indexed once, and the parent's child and family lists are
/// rewritten once, in finish(), so that folding many families of one parent
/// stays linear in its children.
class FamilyFolder {
public:
  using Item = std::pair<uint64_t, Node *>; // member index, node

  FamilyFolder(CallGraph &G, Node &Parent, const PassOptions &Options,
               StructuralSignatures &Sigs);
  /// The members of family F (children of Parent named `F.Base.i`), in
  /// index order; false when one is missing or already folded.
  bool members(const Family &F, std::vector<Item> &Out) const;
  /// Folds Parent's family number FamilyIndex into one group of kind Kind,
  /// which takes the place of the first member in finish(). Returns a
  /// Problem (and changes nothing) when a member is missing.
  FoldOutcome fold(size_t FamilyIndex, FoldKind Kind);
  /// Forgets Parent's family number FamilyIndex without folding it.
  void drop(size_t FamilyIndex);
  /// Puts the groups in place of their members and removes the folded and
  /// dropped families from Parent.
  void finish();

private:
  CallGraph &G;
  Node &Parent;
  const PassOptions &Options;
  StructuralSignatures &Sigs;
  llvm::StringMap<Node *> ByAddress;
  llvm::DenseMap<const Node *, Node *> GroupOf; // folded member -> group
  llvm::DenseSet<size_t> Dropped;               // folded or dropped families
};

/// A homogeneous run among a node's children: siblings `base.i` of one
/// class at consecutive present indices. F has Base, ClassName, Members,
/// Inactive and Loc set (Kind and Shapes are the caller's); Members holds
/// the nodes (index and node, in index order).
struct FamilyRun {
  Family F;
  std::vector<std::pair<uint64_t, Node *>> Members;
};
/// The runs of at least MinSize members among P's children.
std::vector<FamilyRun> findFamilyRunsWithMembers(const Node &P,
                                                 unsigned MinSize);

/// What fold-for and fold-parfor do: folds, bottom-up, every family of kind
/// Kind that Keep (if given) keeps; Keep may note why it does not. Folded is
/// told each group's number of members. Errors name PassName; false after
/// one.
bool foldFamiliesOfKind(
    CallGraph &G, PassContext &Ctx, FoldKind Kind, llvm::StringRef PassName,
    llvm::function_ref<bool(Node &P, const Family &F,
                            const std::vector<FamilyFolder::Item> &Members)>
        Keep,
    llvm::function_ref<void(uint64_t Members)> Folded);

/// Appends Note to Notes unless it is already there.
void addNote(std::vector<std::string> &Notes, llvm::StringRef Note);

} // namespace dsocr

#endif // DSOCR_PASSES_FOLD_H
