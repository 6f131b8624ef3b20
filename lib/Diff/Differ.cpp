//===- Differ.cpp - What changed between two grouped trees ----------------===//
//
// Pairing by path, then by shape (class and pattern without its index
// sets), and the comparison of each pair (see Differ.h).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/Differ.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <set>

using namespace dsocr;

/// The pattern with every bracketed index set written `[*]`, and the class:
/// `DeepseekV2DecoderLayer layers.[*]`.
static std::string shapeKey(const DiffNode &N) {
  std::string Out = N.Kind + " " + N.Class + " ";
  llvm::StringRef P = N.Path;
  while (!P.empty()) {
    size_t Open = P.find('[');
    // An escaped bracket (`\[`) is part of a name, not an index set.
    while (Open != llvm::StringRef::npos && Open > 0 && P[Open - 1] == '\\')
      Open = P.find('[', Open + 1);
    Out += P.substr(0, Open).str();
    if (Open == llvm::StringRef::npos)
      break;
    size_t Close = P.find(']', Open);
    if (Close == llvm::StringRef::npos) {
      Out += P.substr(Open).str();
      break;
    }
    Out += "[*]";
    P = P.drop_front(Close + 1);
  }
  return Out;
}

/// Keys are unique within a side only for paths; for shapes, a key that
/// names several nodes of a side pairs none of them.
static std::vector<std::pair<const DiffNode *, const DiffNode *>>
pairNodes(const DiffModel &L, const DiffModel &R) {
  std::vector<std::pair<const DiffNode *, const DiffNode *>> Pairs;
  auto PathKey = [](const DiffNode &N) {
    return (N.Kind == "stage" ? "stage " : "node ") + N.Path;
  };
  llvm::StringMap<const DiffNode *> RightByPath;
  for (const DiffNode &N : R.Nodes)
    RightByPath.try_emplace(PathKey(N), &N);
  llvm::DenseMap<const DiffNode *, const DiffNode *> LeftToRight;
  std::set<const DiffNode *> RightTaken;
  for (const DiffNode &N : L.Nodes) {
    auto It = RightByPath.find(PathKey(N));
    if (It != RightByPath.end() && !RightTaken.count(It->second)) {
      LeftToRight[&N] = It->second;
      RightTaken.insert(It->second);
    }
  }
  // The rest, by shape, where that is one to one.
  std::map<std::string, std::vector<const DiffNode *>> LeftShapes, RightShapes;
  for (const DiffNode &N : L.Nodes)
    if (!LeftToRight.count(&N))
      LeftShapes[shapeKey(N)].push_back(&N);
  for (const DiffNode &N : R.Nodes)
    if (!RightTaken.count(&N))
      RightShapes[shapeKey(N)].push_back(&N);
  for (const auto &[Key, Lefts] : LeftShapes) {
    auto It = RightShapes.find(Key);
    if (Lefts.size() == 1 && It != RightShapes.end() &&
        It->second.size() == 1) {
      LeftToRight[Lefts.front()] = It->second.front();
      RightTaken.insert(It->second.front());
    }
  }
  for (const DiffNode &N : L.Nodes)
    Pairs.push_back({&N, LeftToRight.lookup(&N)});
  for (const DiffNode &N : R.Nodes)
    if (!RightTaken.count(&N))
      Pairs.push_back({nullptr, &N});
  return Pairs;
}

/// The items of L not in R and of R not in L, each in its side's order,
/// counted as multisets.
template <typename T, typename KeyFn>
static void multisetDifference(const std::vector<T> &L, const std::vector<T> &R,
                               KeyFn Key, std::vector<const T *> &OnlyL,
                               std::vector<const T *> &OnlyR) {
  std::map<std::string, long> Count; // left minus right, by key
  for (const T &X : L)
    ++Count[Key(X)];
  for (const T &X : R)
    --Count[Key(X)];
  std::map<std::string, long> Left = Count, Right = Count;
  for (const T &X : L)
    if (Left[Key(X)]-- > 0)
      OnlyL.push_back(&X);
  for (const T &X : R)
    if (Right[Key(X)]++ < 0)
      OnlyR.push_back(&X);
}

static void compareList(const char *Field, const std::vector<std::string> &L,
                        const std::vector<std::string> &R,
                        std::vector<ListChange> &Out) {
  std::vector<const std::string *> OnlyL, OnlyR;
  multisetDifference(
      L, R, [](const std::string &S) { return S; }, OnlyL, OnlyR);
  if (OnlyL.empty() && OnlyR.empty())
    return;
  ListChange C;
  C.Field = Field;
  for (const std::string *S : OnlyL)
    C.OnlyLeft.push_back(*S);
  for (const std::string *S : OnlyR)
    C.OnlyRight.push_back(*S);
  Out.push_back(std::move(C));
}

static void compareShapes(const DiffNode &L, const DiffNode &R,
                          std::vector<SignatureChange> &Out) {
  std::map<std::string, uint64_t> LC, RC;
  for (const DiffSignature &S : L.Signatures)
    LC[S.Text] += S.Calls;
  for (const DiffSignature &S : R.Signatures)
    RC[S.Text] += S.Calls;
  // Left's order, then what only the right has, in its order.
  for (const DiffSignature &S : L.Signatures) {
    uint64_t Right = RC.count(S.Text) ? RC[S.Text] : 0;
    if (LC[S.Text] != Right &&
        llvm::none_of(
            Out, [&](const SignatureChange &C) { return C.Text == S.Text; }))
      Out.push_back({S.Text, LC[S.Text], Right});
  }
  for (const DiffSignature &S : R.Signatures)
    if (!LC.count(S.Text) && llvm::none_of(Out, [&](const SignatureChange &C) {
          return C.Text == S.Text;
        }))
      Out.push_back({S.Text, 0, RC[S.Text]});
}

/// N's loop as compared with Other's: a node called once per caller call
/// is `parfor 1` beside one that is repeated (`parfor 2` -> `parfor 1`
/// when the encoders run on the global view alone), so the count that
/// changed shows; otherwise as the grouping printed it.
static std::string loopAgainst(const DiffNode &N, const DiffNode &Other) {
  std::string Loop = N.loop();
  if (!N.Repeat && Other.Repeat && N.PerCall == "1")
    Loop += (Loop.empty() ? "" : ", ") + std::string("parfor 1");
  return Loop;
}

static NodeChange compareNodes(const DiffNode &L, const DiffNode &R) {
  NodeChange C;
  C.Left = &L;
  C.Right = &R;
  auto Field = [&](const char *Name, const std::string &A,
                   const std::string &B) {
    if (A != B)
      C.Fields.push_back({Name, A, B});
  };
  auto Num = [&](const char *Name, uint64_t A, uint64_t B) {
    if (A != B)
      C.Fields.push_back({Name, std::to_string(A), std::to_string(B)});
  };
  Field("path", L.Path, R.Path);
  Field("class", L.Class, R.Class);
  Field("loop", loopAgainst(L, R), loopAgainst(R, L));
  Num("calls", L.Calls, R.Calls);
  Field("per_call", L.PerCall, R.PerCall);
  Num("ops", L.Ops, R.Ops);
  if (L.HaveBytes || R.HaveBytes)
    Field("bytes", L.HaveBytes ? std::to_string(L.Bytes) : "",
          R.HaveBytes ? std::to_string(R.Bytes) : "");
  Field("stage", L.Stage, R.Stage);
  Num("instances", L.Instances, R.Instances);
  Num("active", L.Active, R.Active);
  compareList("inactive", L.Inactive, R.Inactive, C.Lists);
  compareList("variants", L.Variants, R.Variants, C.Lists);
  compareList("notes", L.Notes, R.Notes, C.Lists);
  compareShapes(L, R, C.Shapes);
  return C;
}

bool StagePair::changed() const {
  if (!Left || !Right)
    return true;
  return Left->Modules != Right->Modules || Left->Calls != Right->Calls ||
         Left->Ops != Right->Ops || Left->HaveBytes != Right->HaveBytes ||
         Left->Bytes != Right->Bytes;
}

bool DiffResult::stagesDiffer() const {
  return llvm::any_of(Stages, [](const StagePair &P) { return P.changed(); });
}

static std::vector<StagePair> pairStages(const DiffModel &L,
                                         const DiffModel &R) {
  std::vector<StagePair> Out;
  std::set<const DiffStage *> Taken;
  for (const DiffStage &S : L.Stages) {
    StagePair P;
    P.Left = &S;
    for (const DiffStage &T : R.Stages)
      if (T.Name == S.Name && !Taken.count(&T)) {
        P.Right = &T;
        Taken.insert(&T);
        break;
      }
    Out.push_back(P);
  }
  for (const DiffStage &T : R.Stages)
    if (!Taken.count(&T))
      Out.push_back({nullptr, &T});
  return Out;
}

DiffResult dsocr::diffModels(const DiffModel &Left, const DiffModel &Right) {
  DiffResult D;
  D.Left = &Left;
  D.Right = &Right;
  D.Stages = pairStages(Left, Right);
  multisetDifference(
      Left.Events, Right.Events, [](const RuntimeEvent &E) { return E.JSON; },
      D.EventsOnlyLeft, D.EventsOnlyRight);
  for (const auto &[L, R] : pairNodes(Left, Right)) {
    if (!L) {
      D.OnlyRight.push_back(R);
      continue;
    }
    if (!R) {
      D.OnlyLeft.push_back(L);
      continue;
    }
    NodeChange C = compareNodes(*L, *R);
    if (!C.Fields.empty() || !C.Lists.empty() || !C.Shapes.empty())
      D.Changed.push_back(std::move(C));
  }
  return D;
}
