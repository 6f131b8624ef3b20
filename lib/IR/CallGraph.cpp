//===- CallGraph.cpp - The call-graph IR ----------------------------------===//
//
// Node allocation, string interning and the address index of the trace form.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/CallGraph.h"

#include "dsocr/Support/Address.h"

#include <algorithm>

using namespace dsocr;

CallGraph::CallGraph() : Interned(Alloc), Saver(Alloc) {}

CallGraph::~CallGraph() = default;

llvm::StringRef CallGraph::intern(llvm::StringRef S) {
  return Interned.save(S);
}

Node *CallGraph::createNode(NodeKind Kind, llvm::StringRef Address,
                            llvm::StringRef ClassName) {
  return new (NodeAlloc.Allocate()) Node(Kind, Address, ClassName);
}

Node *CallGraph::getOrCreateModule(llvm::StringRef Address,
                                   const char *FirstMention) {
  auto Ins = Modules.try_emplace(Address, nullptr);
  if (Ins.second) {
    Node *N = createNode(NodeKind::Module, Ins.first->getKey(), "");
    N->setLoc(FirstMention);
    Ins.first->getValue() = N;
  }
  return Ins.first->getValue();
}

Node *CallGraph::lookupModule(llvm::StringRef Address) const {
  auto It = Modules.find(Address);
  return It == Modules.end() ? nullptr : It->getValue();
}

std::vector<Node *> CallGraph::modulesInOrder() const {
  std::vector<Node *> Out;
  Out.reserve(Modules.size());
  for (const auto &E : Modules)
    Out.push_back(E.getValue());
  std::sort(Out.begin(), Out.end(), [](const Node *A, const Node *B) {
    return compareNatural(A->address(), B->address()) < 0;
  });
  return Out;
}
