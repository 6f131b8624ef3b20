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

/// A homogeneous run among a node's children: siblings `base.i` (or
/// `base.STEMi`) of one class at consecutive present indices. F has Base,
/// Stem, Style, ClassName, Members, Inactive and Loc set (Kind and Shapes
/// are the caller's); Members holds the nodes (index and node, in index
/// order).
struct FamilyRun {
  Family F;
  std::vector<std::pair<uint64_t, Node *>> Members;
};

/// How runs are cut beyond one class and consecutive indices.
struct FamilyRunOptions {
  /// Fewest members of a run.
  unsigned MinSize = 2;
  /// Cut where the called members are not next to one another among the
  /// parent's called children (another sibling runs between them): not at
  /// the root, whose children's order is only first-call order, which a
  /// reordering of a trace's keys loses.
  bool Contiguous = false;
  /// Whether a called member may join a run whose first called member is
  /// Anchor (never-called members join any run of their class).
  llvm::function_ref<bool(const Node &Anchor, const Node &Member)> Alike;
};

/// Cuts Members[Begin, End) (one class, in index order) where a called
/// member is not alike the first called member of its piece; never-called
/// members stay with the piece they are in. Returns the pieces as
/// [begin, end) pairs.
std::vector<std::pair<size_t, size_t>> cutUnlikeMembers(
    const std::vector<std::pair<uint64_t, Node *>> &Members, size_t Begin,
    size_t End,
    llvm::function_ref<bool(const Node &Anchor, const Node &Member)> Alike);

/// The runs among P's children. Named families (a stem and an index in the
/// last segment: `layer1`, `Mixed_6b`) are runs of modules with children
/// only: named leaves (`conv1`, `fc1`, `w1`) are parts of one block, not a
/// stack.
std::vector<FamilyRun> findFamilyRunsWithMembers(const Node &P,
                                                 const FamilyRunOptions &O);

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
