//===- Likeness.h - Which members of a family fold together -----*- C++ -*-===//
//
// Same class is necessary, not sufficient, for members of a family to fold
// into one group: they must be alike (docs/Passes.md, "What folds").
//
//  * A container class -- one whose called instances hold other modules and
//    run no op of their own, such as Sequential, Conv2dNormActivation: its class
//    says nothing about what it holds -- is alike only when its contents are
//    the same: the same structural signature (op counts aside) and, where
//    the trace gives constructor parameters, the same parameters throughout.
//  * Any other class is alike when the members' children, compared by
//    address relative to the member, differ in at most max(1, k/4) of k
//    positions and not in all (a position differs when one member lacks it,
//    has another class there, or a container with other contents; a
//    fan-out family counts as one position), and, where the
//    trace gives constructor parameters, at least one place with parameters
//    has the same ones in both ("nothing else is shared" is no stack).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_LIKENESS_H
#define DSOCR_PASSES_LIKENESS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace dsocr {

class CallGraph;
class Node;
class StructuralSignatures;

class MemberLikeness {
public:
  /// Sigs gives the structural signatures; it must see the fan-out
  /// families recorded on the nodes (discover-families records them first).
  MemberLikeness(const CallGraph &G, StructuralSignatures &Sigs);

  /// Whether A and B, of one class, are alike enough to fold.
  bool alike(const Node &A, const Node &B);
  /// Whether every called instance of ClassName has children and runs no
  /// op of its own.
  bool isContainerClass(llvm::StringRef ClassName) const {
    return !BusyClasses.count(ClassName);
  }

  /// The places (relative to N, `` for N itself) in N's subtree that have
  /// constructor parameters, with their canonical JSON, sorted by place.
  using ParamPlaces = std::vector<std::pair<std::string, llvm::StringRef>>;
  const ParamPlaces &paramsOf(const Node &N);

private:
  unsigned differingChildren(const Node &A, const Node &B, unsigned &Of);

  StructuralSignatures &Sigs;
  llvm::StringSet<> BusyClasses;
  // Node-based, so that a reference paramsOf returned stays valid.
  std::unordered_map<const Node *, ParamPlaces> Params;
  bool AnyParams = false; // whether any node has constructor parameters
};

} // namespace dsocr

#endif // DSOCR_PASSES_LIKENESS_H
