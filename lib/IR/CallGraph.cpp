//===- CallGraph.cpp - The call-graph IR ----------------------------------===//
//
// Node allocation, string interning and the address index of the trace form.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/CallGraph.h"

#include "dsocr/Support/Address.h"

#include "llvm/Support/xxhash.h"

#include <algorithm>

using namespace dsocr;

CallGraph::CallGraph() : Interned(Alloc), Saver(Alloc) {}

CallGraph::~CallGraph() = default;

llvm::StringRef CallGraph::intern(llvm::StringRef S) {
  return Interned.save(S);
}

Node *CallGraph::createNode(NodeKind Kind, llvm::StringRef Address,
                            llvm::StringRef ClassName) {
  return new (NodeAlloc.Allocate()) Node(Kind, Address, ClassName, NextId++);
}

static uint64_t hashAddress(llvm::StringRef A) {
  // Never 0: an empty slot has hash 0.
  return llvm::xxHash64(A) | 1;
}

void CallGraph::reserveModules(size_t N) {
  ModuleList.reserve(N);
  size_t Want = 1024;
  while (Want < 2 * N)
    Want *= 2;
  if (Want > Table.size())
    grow(Want);
}

void CallGraph::grow(size_t Size) {
  std::vector<Slot> Old = std::move(Table);
  Table.assign(Size ? Size : (Old.empty() ? 1024 : Old.size() * 2), Slot());
  size_t Mask = Table.size() - 1;
  for (const Slot &S : Old) {
    if (!S.N)
      continue;
    size_t I = S.Hash & Mask;
    while (Table[I].N)
      I = (I + 1) & Mask;
    Table[I] = S;
  }
}

Node *CallGraph::getOrCreateModule(llvm::StringRef Address,
                                   const char *FirstMention) {
  if ((ModuleList.size() + 1) * 2 > Table.size())
    grow(0);
  uint64_t H = hashAddress(Address);
  size_t Mask = Table.size() - 1;
  size_t I = H & Mask;
  while (Node *N = Table[I].N) {
    if (Table[I].Hash == H && N->address() == Address)
      return N;
    I = (I + 1) & Mask;
  }
  Node *N = createNode(NodeKind::Module, Saver.save(Address), "");
  N->setLoc(FirstMention);
  Table[I] = {H, N};
  ModuleList.push_back(N);
  return N;
}

Node *CallGraph::lookupModule(llvm::StringRef Address) const {
  if (Table.empty())
    return nullptr;
  uint64_t H = hashAddress(Address);
  size_t Mask = Table.size() - 1;
  for (size_t I = H & Mask; Node *N = Table[I].N; I = (I + 1) & Mask)
    if (Table[I].Hash == H && N->address() == Address)
      return N;
  return nullptr;
}

std::vector<Node *> CallGraph::modulesInOrder() const {
  std::vector<Node *> Out = ModuleList;
  std::sort(Out.begin(), Out.end(), [](const Node *A, const Node *B) {
    return compareNatural(A->address(), B->address()) < 0;
  });
  return Out;
}
