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

#include <string>

namespace dsocr {

class CallGraph;
class StructuralSignatures;

/// Why a family could not be folded, or empty.
struct FoldOutcome {
  Node *Group = nullptr;
  std::string Problem;
};

/// Folds the members of F (children of Parent named `F.Base.i`) into one
/// group of kind Kind at the position of the first member, removes F from
/// Parent's families, and returns the group. Returns a Problem (and changes
/// nothing) when a member is missing.
FoldOutcome foldFamily(CallGraph &G, Node &Parent, const Family &F,
                       FoldKind Kind, const PassOptions &Options,
                       StructuralSignatures &Sigs);

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

/// Appends Note to Notes unless it is already there.
void addNote(std::vector<std::string> &Notes, llvm::StringRef Note);

} // namespace dsocr

#endif // DSOCR_PASSES_FOLD_H
