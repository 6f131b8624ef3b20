//===- Node.cpp - A node of the call-graph IR -----------------------------===//
//
// Derived quantities of a node.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/Node.h"

using namespace dsocr;

// Millions of nodes are made while reading, in fresh memory the kernel
// zeroes, and walks read them by cache line: a field that does not fit
// the three lines of 64 bytes (see the layout note in Node.h) has to
// replace another (docs/Performance.md).
static_assert(sizeof(void *) != 8 || sizeof(Node) == 192,
              "a Node is three cache lines");

llvm::StringRef dsocr::foldKindName(FoldKind K) {
  switch (K) {
  case FoldKind::None:
    return "";
  case FoldKind::For:
    return "for";
  case FoldKind::ParFor:
    return "parfor";
  }
  return "";
}

uint64_t Node::inclusiveOps() const {
  uint64_t Total = 0;
  std::vector<const Node *> Stack{this};
  while (!Stack.empty()) {
    const Node *N = Stack.back();
    Stack.pop_back();
    Total += N->Ops;
    if (N->X)
      Total += N->X->HiddenOps;
    for (const Node *C : N->Children)
      Stack.push_back(C);
  }
  return Total;
}

uint64_t Node::activeInstances() const {
  uint64_t Inactive = X ? X->Inactive.size() : 0;
  uint64_t Instances = instances();
  if (Instances == 1)
    return Calls > 0 ? 1 : 0;
  return Instances >= Inactive ? Instances - Inactive : 0;
}
