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

CallGraph::CallGraph() : Interned(InternAlloc) {}

CallGraph::~CallGraph() = default;

llvm::StringRef CallGraph::intern(llvm::StringRef S) {
  // A reader interns the class of every module, and classes repeat: a
  // cache of recent strings (one per length modulo its size) saves most
  // hash lookups.
  llvm::StringRef &Recent = RecentInterned[S.size() % RecentInterned.size()];
  if (!Recent.data() || Recent != S)
    Recent = Interned.save(S);
  return Recent;
}

Node *CallGraph::createNode(NodeKind Kind, llvm::StringRef Address,
                            llvm::StringRef ClassName) {
  return new (Nodes.allocate()) Node(Kind, Address, ClassName, NextId++);
}

uint64_t CallGraph::hashAddress(llvm::StringRef A) {
  // Never 0, nor its low 32 bits (the index tag; an empty slot has tag 0).
  return llvm::xxHash64(A) | 1;
}

void CallGraph::reserveModules(size_t N) {
  ModuleList.reserve(N);
  Nodes.expect(N);
  Strings.expect(N * 48); // addresses average a few dozen bytes
  size_t Want = 1024;
  while (Want * 3 < N * 4)
    Want *= 2;
  if (Want > Table.size())
    grow(Want);
}

void CallGraph::grow(size_t Size) {
  LargeArray<Slot> Old = std::move(Table);
  Table = LargeArray<Slot>(Size ? Size : (Old.empty() ? 1024 : Old.size() * 2));
  // Lookups read empty slots before inserts write them: fault the table in
  // at once, on another core, rather than page by page as it fills.
  prefaultLargeAsync(Table.begin(), Table.size() * sizeof(Slot));
  size_t Mask = Table.size() - 1;
  for (const Slot &S : Old) {
    if (!S.Tag)
      continue;
    size_t I = S.Tag & Mask;
    while (Table[I].Tag)
      I = (I + 1) & Mask;
    Table[I] = S;
  }
}

Node *CallGraph::getOrCreateModule(llvm::StringRef Address,
                                   const char *FirstMention, uint64_t H) {
  if ((ModuleList.size() + 1) * 4 > Table.size() * 3)
    grow(0);
  size_t Mask = Table.size() - 1;
  uint32_t Tag = tagOf(H);
  size_t I = Tag & Mask;
  while (uint32_t T = Table[I].Tag) {
    if (T == Tag) {
      Node *N = ModuleList[Table[I].Index];
      if (N->address() == Address)
        return N;
    }
    I = (I + 1) & Mask;
  }
  Node *N = createNode(NodeKind::Module, save(Address), "");
  N->setLoc(FirstMention);
  Table[I] = {Tag, uint32_t(ModuleList.size())};
  ModuleList.push_back(N);
  return N;
}

Node *CallGraph::lookupModule(llvm::StringRef Address) const {
  if (Table.empty())
    return nullptr;
  uint32_t Tag = tagOf(hashAddress(Address));
  size_t Mask = Table.size() - 1;
  for (size_t I = Tag & Mask; uint32_t T = Table[I].Tag; I = (I + 1) & Mask)
    if (T == Tag && ModuleList[Table[I].Index]->address() == Address)
      return ModuleList[Table[I].Index];
  return nullptr;
}

std::vector<Node *> CallGraph::modulesInOrder() const {
  std::vector<Node *> Out = ModuleList;
  std::sort(Out.begin(), Out.end(), NaturalOrder());
  return Out;
}

std::vector<Node *> CallGraph::modulesInCallOrder() const {
  std::vector<Node *> Out = ModuleList;
  std::sort(Out.begin(), Out.end(), [](const Node *A, const Node *B) {
    if (A->callOrder() != B->callOrder())
      return A->callOrder() < B->callOrder();
    return NaturalOrder()(A, B); // both never called
  });
  return Out;
}
