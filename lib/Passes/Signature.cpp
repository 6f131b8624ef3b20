//===- Signature.cpp - Structural signatures of subtrees ------------------===//
//
// Hash-consed structural signatures; see Signature.h.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/Signature.h"

#include "dsocr/IR/Node.h"
#include "dsocr/Support/Address.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <cassert>
#include <set>
#include <thread>

using namespace dsocr;

/// buildKey starts every tuple with this many words, the class id first;
/// absorb relies on the layout.
static constexpr size_t KeyHeaderSize = 7;

llvm::StringRef dsocr::relativeKey(const Node &Parent, const Node &Child,
                                   llvm::SmallVectorImpl<char> &Scratch) {
  llvm::StringRef P = Parent.address(), C = Child.address();
  if (!P.empty() && C.size() > P.size() + 1 && C.startswith(P) &&
      C[P.size()] == '.')
    return C.substr(P.size() + 1);
  if (P.empty())
    return C; // children of the root are relative to nothing
  Scratch.assign(1, '@');
  Scratch.append(C.begin(), C.end());
  return llvm::StringRef(Scratch.data(), Scratch.size());
}

unsigned StructuralSignatures::textId(llvm::StringRef S) {
  auto Ins = Texts.try_emplace(S, unsigned(Texts.size()));
  return Ins.first->getValue();
}

uint64_t StructuralSignatures::textKey(llvm::StringRef S) {
  if (S.size() > 7)
    return textId(S);
  // Length in the top byte (1 to 7; text ids are below 2^32), bytes below.
  uint64_t K = uint64_t(S.size() + 1) << 56;
  for (size_t I = 0; I < S.size(); ++I)
    K |= uint64_t(uint8_t(S[I])) << (8 * I);
  return K;
}

unsigned StructuralSignatures::classId(llvm::StringRef ClassName) {
  auto Ins = ClassIds.try_emplace({ClassName.data(), ClassName.size()}, 0);
  if (Ins.second)
    Ins.first->second = textId(ClassName);
  return Ins.first->second;
}

unsigned StructuralSignatures::intern(const std::vector<uint64_t> &K) {
  uint64_t H = llvm::xxHash64(llvm::StringRef(
      reinterpret_cast<const char *>(K.data()), K.size() * sizeof(uint64_t)));
  unsigned Count = unsigned(Offsets.size() - 1);
  if ((Count + 1) * 2 > Table.size()) {
    // Grow: rehash every tuple number by its stored hash.
    std::vector<std::pair<uint64_t, unsigned>> Old = std::move(Table);
    Table.assign(Old.empty() ? 1024 : Old.size() * 2, {0, 0});
    size_t Mask = Table.size() - 1;
    for (const auto &E : Old) {
      if (!E.second)
        continue;
      size_t I = E.first & Mask;
      while (Table[I].second)
        I = (I + 1) & Mask;
      Table[I] = E;
    }
  }
  size_t Mask = Table.size() - 1;
  size_t I = H & Mask;
  for (; Table[I].second; I = (I + 1) & Mask) {
    if (Table[I].first != H)
      continue;
    unsigned Id = Table[I].second - 1;
    size_t B = Offsets[Id], E = Offsets[Id + 1];
    if (E - B == K.size() && std::equal(K.begin(), K.end(), Pool.begin() + B))
      return Id;
  }
  Pool.insert(Pool.end(), K.begin(), K.end());
  Offsets.push_back(Pool.size());
  Table[I] = {H, Count + 1};
  return Count;
}

unsigned StructuralSignatures::memo(const Node &N) const {
  return N.id() < Memo.size() ? Memo[N.id()] : 0;
}

void StructuralSignatures::setMemo(const Node &N, unsigned Sig) {
  if (N.id() >= Memo.size())
    Memo.resize(std::max<size_t>(N.id() + 1, Memo.size() * 2));
  Memo[N.id()] = Sig + 1;
}

void StructuralSignatures::buildKey(const Node &N) {
  Key.clear();
  Key.push_back(classId(N.className()));
  const PerCall &PC = N.perCall();
  Key.push_back(uint64_t(PC.state()));
  Key.push_back(PC.numerator());
  Key.push_back(PC.denominator());
  Key.push_back(uint64_t(N.fold()));
  Key.push_back(N.isGroup() ? N.foldCount() : 0);
  Key.push_back(N.calls() == 0 ? 1 : 0);
  assert(Key.size() == KeyHeaderSize && "absorb reads this layout");

  // Fan-out families recorded on N: their members count as one item each.
  const NodeExtra *X = N.extra();
  bool HasFanOut = false;
  if (X)
    for (const Family &F : X->Families)
      HasFanOut |= F.Kind == FoldKind::ParFor;
  std::vector<std::set<unsigned>> FanOutSigs;
  // Fan-out families by base, so that finding a child's family does not
  // scan every family.
  llvm::StringMap<llvm::SmallVector<unsigned, 1>> FanOutsByBase;
  if (HasFanOut) {
    FanOutSigs.resize(X->Families.size());
    for (unsigned I = 0; I < X->Families.size(); ++I)
      if (X->Families[I].Kind == FoldKind::ParFor)
        FanOutsByBase[X->Families[I].Base].push_back(I);
  }
  for (const Node *C : N.children()) {
    if (HasFanOut) {
      FamilyMemberName Name;
      bool Member = false;
      if (splitFamilyMember(C->address(), Name)) {
        auto It = FanOutsByBase.find(Name.Base);
        if (It != FanOutsByBase.end())
          for (unsigned I : It->second)
            if (X->Families[I].Stem == Name.Stem &&
                X->Families[I].Style == Name.Style &&
                X->Families[I].Members.contains(Name.Index)) {
              Member = true;
              if (C->calls() > 0)
                FanOutSigs[I].insert(memo(*C) - 1);
              break;
            }
      }
      if (Member)
        continue;
    }
    Key.push_back(textKey(relativeKey(N, *C, RelScratch)));
    Key.push_back(memo(*C) - 1);
  }
  // Each fan-out family: its place, class, size and member signatures.
  if (HasFanOut)
    for (size_t I = 0; I < X->Families.size(); ++I) {
      const Family &F = X->Families[I];
      if (F.Kind != FoldKind::ParFor)
        continue;
      Key.push_back(uint64_t(-1)); // separator
      llvm::StringRef Rel = F.Base;
      if (Rel == N.address())
        Rel = ""; // named members right below N (`N.layer1`)
      else if (!N.address().empty() && Rel.size() > N.address().size() &&
               hasSegmentPrefix(Rel, N.address()))
        Rel = Rel.substr(N.address().size() + 1);
      Key.push_back(textId(Rel));
      Key.push_back(textId(F.Stem));
      Key.push_back(textId(F.ClassName));
      Key.push_back(F.Members.size());
      for (unsigned S : FanOutSigs[I])
        Key.push_back(S);
    }
}

unsigned StructuralSignatures::of(const Node &Root) {
  if (unsigned S = memo(Root))
    return S - 1;
  // Post-order without recursion: signatures of children first.
  std::vector<std::pair<const Node *, bool>> Stack{{&Root, false}};
  while (!Stack.empty()) {
    auto [N, Expanded] = Stack.back();
    if (memo(*N)) {
      Stack.pop_back();
      continue;
    }
    if (!Expanded) {
      Stack.back().second = true;
      for (const Node *C : N->children())
        if (!memo(*C))
          Stack.push_back({C, false});
      continue;
    }
    Stack.pop_back();
    buildKey(*N);
    setMemo(*N, intern(Key));
  }
  return memo(Root) - 1;
}

std::vector<IndexSet> StructuralSignatures::partition(
    const std::vector<std::pair<uint64_t, const Node *>> &Members) {
  std::vector<std::pair<unsigned, IndexSet>> Classes;
  llvm::DenseMap<unsigned, size_t> ClassOf; // signature -> in Classes
  for (const auto &[Index, N] : Members) {
    unsigned S = of(*N);
    auto Ins = ClassOf.try_emplace(S, Classes.size());
    if (Ins.second)
      Classes.push_back({S, IndexSet::single(Index)});
    else
      Classes[Ins.first->second].second.insert(Index);
  }
  std::vector<IndexSet> Out;
  for (auto &C : Classes)
    Out.push_back(std::move(C.second));
  std::sort(Out.begin(), Out.end(), [](const IndexSet &A, const IndexSet &B) {
    return A.min() < B.min();
  });
  return Out;
}

void StructuralSignatures::computeInParallel(
    const std::vector<const Node *> &Roots, unsigned Threads) {
  if (Threads < 2 || Roots.size() < 2) {
    for (const Node *R : Roots)
      of(*R);
    return;
  }
  Threads = std::min<unsigned>(Threads, Roots.size());
  // Consecutive slices of the roots (neighbours in the tree are alike in
  // size); this thread takes the first.
  std::vector<StructuralSignatures> Parts(Threads - 1);
  auto Slice = [&](unsigned T) {
    size_t Begin = Roots.size() * T / Threads;
    size_t End = Roots.size() * (T + 1) / Threads;
    StructuralSignatures &S = T == 0 ? *this : Parts[T - 1];
    for (size_t I = Begin; I < End; ++I)
      S.of(*Roots[I]);
  };
  std::vector<std::thread> Workers;
  for (unsigned T = 1; T < Threads; ++T)
    Workers.emplace_back(Slice, T);
  Slice(0);
  for (std::thread &W : Workers)
    W.join();
  for (const StructuralSignatures &P : Parts)
    absorb(P);
}

void StructuralSignatures::absorb(const StructuralSignatures &Other) {
  // Other's text ids, then its tuples in order (a tuple refers to smaller
  // numbers only: children are interned before their parent).
  std::vector<unsigned> TextMap(Other.Texts.size());
  for (const auto &E : Other.Texts)
    TextMap[E.getValue()] = textId(E.getKey());
  auto MapText = [&](uint64_t K) {
    return K < (uint64_t(1) << 32) ? uint64_t(TextMap[K]) : K; // packed
  };
  size_t Count = Other.Offsets.size() - 1;
  std::vector<unsigned> SigMap(Count);
  std::vector<uint64_t> T;
  for (size_t Id = 0; Id < Count; ++Id) {
    const uint64_t *B = Other.Pool.data() + Other.Offsets[Id];
    const uint64_t *E = Other.Pool.data() + Other.Offsets[Id + 1];
    // The layout of buildKey: the header (class first), pairs of
    // (relative key, signature), then per fan-out family: a separator,
    // two text ids, a size and signatures.
    T.assign(B, E);
    T[0] = TextMap[T[0]];
    size_t I = KeyHeaderSize;
    for (; I < T.size() && T[I] != uint64_t(-1); I += 2) {
      T[I] = MapText(T[I]);
      T[I + 1] = SigMap[T[I + 1]];
    }
    while (I < T.size()) { // at a separator
      T[I + 1] = TextMap[T[I + 1]];
      T[I + 2] = TextMap[T[I + 2]];
      for (I += 4; I < T.size() && T[I] != uint64_t(-1); ++I)
        T[I] = SigMap[T[I]];
    }
    SigMap[Id] = intern(T);
  }
  if (Memo.size() < Other.Memo.size())
    Memo.resize(Other.Memo.size());
  for (size_t N = 0; N < Other.Memo.size(); ++N)
    if (Other.Memo[N] && !Memo[N])
      Memo[N] = SigMap[Other.Memo[N] - 1] + 1;
}
