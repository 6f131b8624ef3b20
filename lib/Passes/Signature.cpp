//===- Signature.cpp - Structural signatures of subtrees ------------------===//
//
// Hash-consed structural signatures; see Signature.h.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/Signature.h"

#include "dsocr/IR/Node.h"
#include "dsocr/Support/Address.h"

#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <set>

using namespace dsocr;

std::string dsocr::relativeKey(const Node &Parent, const Node &Child) {
  llvm::StringRef P = Parent.address(), C = Child.address();
  if (!P.empty() && C.size() > P.size() + 1 && C.startswith(P) &&
      C[P.size()] == '.')
    return C.substr(P.size() + 1).str();
  if (P.empty())
    return C.str(); // children of the root are relative to nothing
  return "@" + C.str();
}

unsigned StructuralSignatures::textId(llvm::StringRef S) {
  auto Ins = Texts.try_emplace(S, unsigned(Texts.size()));
  return Ins.first->getValue();
}

unsigned StructuralSignatures::intern(std::vector<uint64_t> Key) {
  auto Ins = Tuples.emplace(std::move(Key), unsigned(Tuples.size()));
  return Ins.first->second;
}

unsigned StructuralSignatures::of(const Node &Root) {
  // Post-order without recursion: signatures of children first.
  std::vector<std::pair<const Node *, bool>> Stack{{&Root, false}};
  while (!Stack.empty()) {
    auto [N, Expanded] = Stack.back();
    if (Memo.count(N)) {
      Stack.pop_back();
      continue;
    }
    if (!Expanded) {
      Stack.back().second = true;
      for (const Node *C : N->children())
        if (!Memo.count(C))
          Stack.push_back({C, false});
      continue;
    }
    Stack.pop_back();

    // Children that are members of a fan-out family recorded on N.
    llvm::StringMap<size_t> FanOutOf; // member address -> family position
    std::vector<std::set<unsigned>> FanOutSigs;
    const NodeExtra *X = N->extra();
    if (X)
      for (size_t I = 0; I < X->Families.size(); ++I) {
        const Family &F = X->Families[I];
        if (F.Kind != FoldKind::ParFor)
          continue;
        F.Members.forEach([&](uint64_t M) {
          FanOutOf[F.Base + "." + std::to_string(M)] = I;
        });
      }
    FanOutSigs.resize(X ? X->Families.size() : 0);

    std::vector<uint64_t> Key;
    Key.push_back(textId(N->className()));
    Key.push_back(textId(N->perCall().str()));
    Key.push_back(uint64_t(N->fold()));
    Key.push_back(N->isGroup() ? N->foldCount() : 0);
    Key.push_back(N->calls() == 0 ? 1 : 0);
    for (const Node *C : N->children()) {
      auto It = FanOutOf.find(C->address());
      if (It != FanOutOf.end()) {
        if (C->calls() > 0)
          FanOutSigs[It->second].insert(Memo.lookup(C));
        continue;
      }
      Key.push_back(textId(relativeKey(*N, *C)));
      Key.push_back(Memo.lookup(C));
    }
    // Each fan-out family: its place, class, size and member signatures.
    if (X)
      for (size_t I = 0; I < X->Families.size(); ++I) {
        const Family &F = X->Families[I];
        if (F.Kind != FoldKind::ParFor)
          continue;
        Key.push_back(uint64_t(-1)); // separator
        std::string Rel = F.Base;
        if (llvm::StringRef(F.Base).startswith(N->address().str() + "."))
          Rel = F.Base.substr(N->address().size() + 1);
        Key.push_back(textId(Rel));
        Key.push_back(textId(F.ClassName));
        Key.push_back(F.Members.size());
        for (unsigned S : FanOutSigs[I])
          Key.push_back(S);
      }
    Memo[N] = intern(std::move(Key));
  }
  return Memo.lookup(&Root);
}

std::vector<IndexSet> StructuralSignatures::partition(
    const std::vector<std::pair<uint64_t, const Node *>> &Members) {
  std::vector<std::pair<unsigned, IndexSet>> Classes;
  for (const auto &[Index, N] : Members) {
    unsigned S = of(*N);
    auto It = std::find_if(Classes.begin(), Classes.end(),
                           [&](const auto &C) { return C.first == S; });
    if (It == Classes.end())
      Classes.push_back({S, IndexSet::single(Index)});
    else
      It->second.insert(Index);
  }
  std::vector<IndexSet> Out;
  for (auto &C : Classes)
    Out.push_back(std::move(C.second));
  std::sort(Out.begin(), Out.end(), [](const IndexSet &A, const IndexSet &B) {
    return A.min() < B.min();
  });
  return Out;
}
