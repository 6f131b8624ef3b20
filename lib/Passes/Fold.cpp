//===- Fold.cpp - Folding a family of siblings into one group -------------===//
//
// Body merging, variants and family bookkeeping for fold-for and
// fold-parfor; see Fold.h.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/Fold.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/Passes/Signature.h"
#include "dsocr/Passes/Variants.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <map>

using namespace dsocr;
using llvm::StringRef;

void dsocr::addNote(std::vector<std::string> &Notes, StringRef Note) {
  if (!Note.empty() && !llvm::is_contained(Notes, Note.str()))
    Notes.push_back(Note.str());
}

namespace {
/// The children of one family name (base, stem, index style), in order of
/// appearance.
struct NamedMembers {
  FamilyMemberName Name;
  std::vector<std::pair<uint64_t, Node *>> Members;
};
} // namespace

/// P's children grouped by family name, names in order of first appearance.
/// Few names per node is the rule: look them up linearly (the last one
/// first), with a map once there are many.
static std::vector<NamedMembers> groupByFamilyName(const Node &P) {
  std::vector<NamedMembers> Names;
  llvm::StringMap<size_t> NameIndex; // used once Names is large
  constexpr size_t LinearLimit = 8;
  size_t Last = 0;
  auto Same = [](const FamilyMemberName &A, const FamilyMemberName &B) {
    return A.Base == B.Base && A.Stem == B.Stem && A.Style == B.Style;
  };
  auto Key = [](const FamilyMemberName &N) {
    return (N.Base + "\x1f" + N.Stem + "\x1f" +
            indexStyleName(N.Style))
        .str();
  };
  for (Node *C : P.children()) {
    FamilyMemberName Name;
    if (!splitFamilyMember(C->address(), Name))
      continue;
    size_t Pos = Names.size();
    if (!Names.empty() && Same(Names[Last].Name, Name)) {
      Pos = Last;
    } else if (Names.size() <= LinearLimit) {
      for (size_t I = 0; I < Names.size(); ++I)
        if (Same(Names[I].Name, Name)) {
          Pos = I;
          break;
        }
    } else {
      if (NameIndex.empty())
        for (size_t I = 0; I < Names.size(); ++I)
          NameIndex.try_emplace(Key(Names[I].Name), I);
      Pos = NameIndex.try_emplace(Key(Name), Names.size()).first->getValue();
    }
    if (Pos == Names.size())
      Names.push_back({Name, {}}); // NameIndex, if used, has it already
    Names[Pos].Members.push_back({Name.Index, C});
    Last = Pos;
  }
  return Names;
}

/// Where each called child of P stands among P's called children.
static llvm::DenseMap<const Node *, size_t> calledPlaces(const Node &P) {
  llvm::DenseMap<const Node *, size_t> Places;
  for (const Node *C : P.children())
    if (C->activeInstances() > 0)
      Places.try_emplace(C, Places.size());
  return Places;
}

namespace {
/// Cuts the members of one family name (sorted by index) into runs.
class RunCutter {
public:
  RunCutter(const Node &P, const FamilyRunOptions &O) : P(P), O(O) {}

  /// Runs of Members[Begin, End), which are of one class.
  void cut(const FamilyMemberName &Name,
           const std::vector<std::pair<uint64_t, Node *>> &Members,
           size_t Begin, size_t End, std::vector<FamilyRun> &Out);

private:
  bool contiguous(const std::vector<std::pair<uint64_t, Node *>> &Members,
                  size_t Begin, size_t End);
  void emit(const FamilyMemberName &Name,
            const std::vector<std::pair<uint64_t, Node *>> &Members,
            size_t Begin, size_t End, std::vector<FamilyRun> &Out);

  const Node &P;
  const FamilyRunOptions &O;
  llvm::Optional<llvm::DenseMap<const Node *, size_t>> Places;
};
} // namespace

bool RunCutter::contiguous(
    const std::vector<std::pair<uint64_t, Node *>> &Members, size_t Begin,
    size_t End) {
  if (!Places)
    Places = calledPlaces(P);
  size_t Lo = SIZE_MAX, Hi = 0, Called = 0;
  for (size_t K = Begin; K < End; ++K) {
    auto It = Places->find(Members[K].second);
    if (It == Places->end())
      continue;
    Lo = std::min(Lo, It->second);
    Hi = std::max(Hi, It->second);
    ++Called;
  }
  return Called == 0 || Hi - Lo + 1 == Called;
}

void RunCutter::emit(const FamilyMemberName &Name,
                     const std::vector<std::pair<uint64_t, Node *>> &Members,
                     size_t Begin, size_t End, std::vector<FamilyRun> &Out) {
  if (End - Begin < std::max(1u, O.MinSize))
    return;
  FamilyRun R;
  Family &F = R.F;
  F.Base = Name.Base.str();
  F.Stem = Name.Stem.str();
  F.Style = Name.Style;
  F.ClassName = Members[Begin].second->className().str();
  F.Loc = Members[Begin].second->loc();
  for (size_t K = Begin; K < End; ++K) {
    F.Members.insert(Members[K].first);
    if (Members[K].second->activeInstances() == 0)
      F.Inactive.insert(Members[K].first);
  }
  R.Members.assign(Members.begin() + Begin, Members.begin() + End);
  Out.push_back(std::move(R));
}

std::vector<std::pair<size_t, size_t>> dsocr::cutUnlikeMembers(
    const std::vector<std::pair<uint64_t, Node *>> &Members, size_t Begin,
    size_t End,
    llvm::function_ref<bool(const Node &Anchor, const Node &Member)> Alike) {
  std::vector<std::pair<size_t, size_t>> Pieces;
  size_t Start = Begin;
  const Node *Anchor = nullptr;
  for (size_t K = Begin; K < End; ++K) {
    const Node &M = *Members[K].second;
    if (M.activeInstances() == 0)
      continue;
    if (Anchor && Alike && !Alike(*Anchor, M)) {
      Pieces.push_back({Start, K});
      Start = K;
      Anchor = nullptr;
    }
    if (!Anchor)
      Anchor = &M;
  }
  Pieces.push_back({Start, End});
  return Pieces;
}

void RunCutter::cut(const FamilyMemberName &Name,
                    const std::vector<std::pair<uint64_t, Node *>> &Members,
                    size_t Begin, size_t End, std::vector<FamilyRun> &Out) {
  for (auto [B, E] : cutUnlikeMembers(Members, Begin, End, O.Alike)) {
    // The root's order comes only from the key order of call_counts, which
    // a shuffled trace loses: groups must not depend on it, so contiguity
    // is asked of the members of a node with a module_children list only.
    if (!O.Contiguous || P.isRoot() || contiguous(Members, B, E)) {
      emit(Name, Members, B, E, Out);
      continue;
    }
    // Another sibling runs between the members: only neighbours in index
    // order that are neighbours among the called children stay together.
    size_t S = B;
    const Node *Prev = nullptr;
    for (size_t K = B; K < E; ++K) {
      const Node *M = Members[K].second;
      auto It = Places->find(M);
      if (It == Places->end())
        continue;
      if (Prev && It->second != Places->lookup(Prev) + 1) {
        emit(Name, Members, S, K, Out);
        S = K;
      }
      Prev = M;
    }
    emit(Name, Members, S, E, Out);
  }
}

std::vector<FamilyRun>
dsocr::findFamilyRunsWithMembers(const Node &P, const FamilyRunOptions &O) {
  std::vector<FamilyRun> Runs;
  RunCutter Cutter(P, O);
  for (auto &[Name, Members] : groupByFamilyName(P)) {
    auto ByIndex = [](const auto &A, const auto &B) { return A.first < B.first; };
    if (!std::is_sorted(Members.begin(), Members.end(), ByIndex))
      std::sort(Members.begin(), Members.end(), ByIndex);
    // Named leaves are parts of one block, not a stack; and the modules a
    // stem names are one set: of one class, next to one another, or no
    // family (branch1..branch4 of an Inception block are not a stack).
    bool Named = !Name.Stem.empty();
    if (Named && llvm::any_of(Members, [&](const auto &M) {
          return M.second->children().empty() ||
                 M.second->className() != Members[0].second->className();
        }))
      continue;
    size_t Before = Runs.size();
    size_t Start = 0;
    for (size_t I = 1; I <= Members.size(); ++I) {
      if (I < Members.size() &&
          Members[I].second->className() == Members[Start].second->className())
        continue;
      Cutter.cut(Name, Members, Start, I, Runs);
      Start = I;
    }
    if (Named && Runs.size() > Before + 1)
      Runs.resize(Before);
  }
  return Runs;
}

/// Address A without as many leading segments as Prefix has: the part of a
/// body address below the node it was merged into, whether A is a pattern
/// (`x.[0-3].c0`) or a member's own address (`x.2.c0`).
static std::string relativeSegments(StringRef A, StringRef Prefix) {
  size_t Skip = llvm::count(Prefix, '.') + 1;
  size_t Pos = 0;
  for (size_t S = 0; S < Skip; ++S) {
    Pos = A.find('.', Pos);
    if (Pos == StringRef::npos)
      return A.str();
    ++Pos;
  }
  return A.substr(Pos).str();
}

namespace {

using Item = std::pair<uint64_t, Node *>; // member index, node

/// Merges corresponding nodes of the members of one family. The members
/// are read one after the other, each member's subtree in order (as it lies
/// in memory), into a skeleton of body positions that gathers, for each
/// position, the nodes found there and their summed counts; the merged
/// nodes are then made from the skeleton, position by position.
class BodyMerger {
public:
  BodyMerger(CallGraph &G, StructuralSignatures &Sigs, const Family &F,
             unsigned MinFamilySize)
      : G(G), Sigs(Sigs), Base(F.Base), Stem(F.Stem), Style(F.Style),
        MinFamilySize(MinFamilySize) {}

  /// Reads the members (index, node) into the skeleton; returns the
  /// inclusive ops of each member, in order.
  std::vector<uint64_t> gatherMembers(const std::vector<Item> &Members);
  /// Makes the group node, of kind Kind, from the skeleton.
  Node *buildGroup(NodeKind Kind) { return build(0, "", Kind); }

  /// Which members each merged (or reused) body node stands for.
  llvm::DenseMap<const Node *, IndexSet> Coverage;

private:
  /// One place in the body: the nodes of the members found there (same
  /// address relative to the parent position, same class) and their sums.
  struct Position {
    std::string Rel; // relative to the parent position's nodes
    StringRef ClassName;
    bool Foreign = false; // outside the members' address space (`@...`)
    std::vector<Item> Items;
    std::vector<uint32_t> Children; // in the order first seen
    /// The smallest place among its parent's children an item has, among
    /// called parents and among all: the body lists its children by them,
    /// a merge of the members' orders (never-called instances list their
    /// children in address order, not call order, so they count last).
    size_t MinCalledPlace = SIZE_MAX, MinPlace = SIZE_MAX;
    /// Rel + '\x1f' + class -> child, made when a member's children come
    /// in another order than the first member's.
    std::unique_ptr<llvm::StringMap<uint32_t>> ChildIndex;
    uint64_t Calls = 0, Ops = 0, Instances = 0;
    // Calls per caller call describe the called instances; never-called
    // ones only count when no instance was called.
    PerCall PC, InactivePC;
    bool SameRepeat = true, SameStage = true;
    bool AnyExtra = false; // some node has NodeExtra fields to merge
    std::vector<StringRef> Uncalled; // never-called single instances
  };

  /// Adds N (of member Index) and its subtree at position P; returns the
  /// subtree's inclusive ops.
  uint64_t gather(uint32_t P, uint64_t Index, Node *N);
  uint32_t childPosition(uint32_t P, size_t J, StringRef Rel,
                         StringRef ClassName);
  Node *build(uint32_t P, const std::string &Suffix, NodeKind Kind);
  void mergeExtras(Node &M, const Position &P);
  void mergeInnerVariants(Node &M, const std::vector<Item> &Items);
  void mergeFamilies(Node &M, const std::vector<Item> &Items);

  CallGraph &G;
  StructuralSignatures &Sigs;
  std::string Base, Stem; // members are Base.StemIndex
  IndexStyle Style;
  unsigned MinFamilySize;
  std::vector<Position> Positions;
  llvm::SmallString<128> RelScratch, KeyScratch;
};

} // namespace

std::vector<uint64_t>
BodyMerger::gatherMembers(const std::vector<Item> &Members) {
  Positions.clear();
  Positions.emplace_back();
  Positions[0].ClassName = Members.front().second->className();
  std::vector<uint64_t> Ops;
  for (const Item &M : Members)
    Ops.push_back(gather(0, M.first, M.second));
  return Ops;
}

uint32_t BodyMerger::childPosition(uint32_t P, size_t J, StringRef Rel,
                                   StringRef ClassName) {
  // Members usually list the same children in the same order: try the
  // child at the same place first.
  {
    const Position &Pos = Positions[P];
    if (J < Pos.Children.size()) {
      const Position &C = Positions[Pos.Children[J]];
      if (C.Rel == Rel && C.ClassName == ClassName)
        return Pos.Children[J];
    }
  }
  KeyScratch = Rel;
  KeyScratch.push_back('\x1f');
  KeyScratch += ClassName;
  if (!Positions[P].ChildIndex) {
    auto Index = std::make_unique<llvm::StringMap<uint32_t>>();
    for (uint32_t C : Positions[P].Children) {
      llvm::SmallString<128> Key(Positions[C].Rel);
      Key.push_back('\x1f');
      Key += Positions[C].ClassName;
      Index->try_emplace(Key, C);
    }
    Positions[P].ChildIndex = std::move(Index);
  }
  auto Ins = Positions[P].ChildIndex->try_emplace(KeyScratch.str(),
                                                 uint32_t(Positions.size()));
  if (!Ins.second)
    return Ins.first->getValue();
  uint32_t C = uint32_t(Positions.size());
  Positions.emplace_back();
  Positions[C].Rel = Rel.str();
  Positions[C].ClassName = ClassName;
  Positions[C].Foreign = Rel.startswith("@");
  Positions[P].Children.push_back(C);
  return C;
}

uint64_t BodyMerger::gather(uint32_t P, uint64_t Index, Node *N) {
  uint64_t Inclusive = N->ops();
  if (const NodeExtra *X = N->extra())
    Inclusive += X->HiddenOps;
  {
    Position &Pos = Positions[P];
    Pos.Items.push_back({Index, N});
    const Node &First = *Pos.Items.front().second;
    Pos.Calls += N->calls();
    Pos.Ops += N->ops();
    Pos.Instances += N->instances();
    if (N->activeInstances() > 0)
      Pos.PC = Pos.PC.merge(N->perCall());
    else
      Pos.InactivePC = Pos.InactivePC.merge(N->perCall());
    Pos.SameRepeat &= N->repeat() == First.repeat();
    Pos.SameStage &= N->stage() == First.stage();
    if (N->instances() == 1 && N->calls() == 0)
      Pos.Uncalled.push_back(N->address());
    Pos.AnyExtra |= N->hasExtra();
  }
  const std::vector<Node *> &Kids = N->children();
  for (size_t J = 0; J < Kids.size(); ++J) {
    Node *C = Kids[J];
    uint32_t CP = childPosition(
        P, J, relativeKey(*N, *C, RelScratch), C->className());
    Positions[CP].MinPlace = std::min(Positions[CP].MinPlace, J);
    if (N->calls() > 0)
      Positions[CP].MinCalledPlace = std::min(Positions[CP].MinCalledPlace, J);
    if (Positions[CP].Foreign) {
      Positions[CP].Items.push_back({Index, C}); // kept as it is
      Inclusive += C->inclusiveOps();
    } else {
      Inclusive += gather(CP, Index, C);
    }
  }
  return Inclusive;
}

Node *BodyMerger::build(uint32_t P, const std::string &Suffix,
                        NodeKind Kind) {
  const Position &Pos = Positions[P];
  const std::vector<Item> &Items = Pos.Items;
  IndexSet Indices;
  for (const Item &I : Items)
    Indices.insert(I.first);
  if (Items.size() == 1 && Kind != NodeKind::Group) {
    // Its address, `Base.StemI` + Suffix, is already right.
    Coverage[Items[0].second] = Indices;
    return Items[0].second;
  }
  const Node &First = *Items[0].second;
  std::string Address = makeFamilyPattern(Base, Stem, Style, Indices) + Suffix;
  Node *M = G.createNode(Kind, G.save(Address), First.className());
  M->setHasClass(true);
  M->setHasCallCount(true);
  M->setHasOpCount(true);
  M->setLoc(First.loc());
  if (Kind != NodeKind::Group && First.isGroup()) {
    // Corresponding groups of the members (a stack inside a stack): the
    // merged node is the same kind of group.
    M->setKind(NodeKind::Group);
    M->setFold(First.fold());
    M->setFoldCount(First.foldCount());
    NodeExtra &MX = M->getOrCreateExtra();
    MX.Members = First.extra()->Members;
    MX.MemberStem = First.extra()->MemberStem;
    MX.MemberStyle = First.extra()->MemberStyle;
    MX.FanOutReason = First.extra()->FanOutReason;
  }
  Coverage[M] = Indices;
  M->setCalls(Pos.Calls);
  M->setOps(Pos.Ops);
  M->setInstances(Pos.Instances);
  M->setPerCall(Pos.PC.isKnown() ? Pos.PC : Pos.InactivePC);
  if (Pos.SameRepeat)
    M->setRepeat(First.repeat());
  if (Pos.SameStage)
    M->setStage(First.stage());
  mergeExtras(*M, Pos);
  if (M->isGroup() && Kind != NodeKind::Group)
    mergeInnerVariants(*M, Items);
  // Children in execution order: by the earliest place any member has
  // them at, first seen first among equals.
  std::vector<uint32_t> Order = Pos.Children;
  std::stable_sort(Order.begin(), Order.end(), [&](uint32_t A, uint32_t B) {
    const Position &PA = Positions[A], &PB = Positions[B];
    if (PA.MinCalledPlace != PB.MinCalledPlace)
      return PA.MinCalledPlace < PB.MinCalledPlace;
    return PA.MinPlace < PB.MinPlace;
  });
  for (uint32_t CP : Order) {
    const Position &C = Positions[CP];
    if (C.Foreign || C.Items.size() == 1) {
      // Outside the members' address space, or in one member only: the
      // nodes keep their addresses.
      for (const Item &I : C.Items) {
        Coverage[I.second] = IndexSet::single(I.first);
        M->addChild(I.second);
      }
      continue;
    }
    M->addChild(build(CP, Suffix + "." + C.Rel, NodeKind::Module));
  }
  if (Pos.AnyExtra)
    mergeFamilies(*M, Items);
  return M;
}

void BodyMerger::mergeExtras(Node &M, const Position &P) {
  NodeExtra *X = nullptr;
  auto Extra = [&]() -> NodeExtra & {
    if (!X)
      X = &M.getOrCreateExtra();
    return *X;
  };
  if (!P.Uncalled.empty() || P.AnyExtra) {
    // Never-called instances, in natural order.
    std::vector<std::string> &Inactive = Extra().Inactive;
    for (StringRef A : P.Uncalled)
      Inactive.push_back(A.str());
    if (P.AnyExtra)
      for (const Item &I : P.Items)
        if (const NodeExtra *NX = I.second->extra())
          Inactive.insert(Inactive.end(), NX->Inactive.begin(),
                          NX->Inactive.end());
    std::sort(Inactive.begin(), Inactive.end(), NaturalOrder());
  }
  if (!P.AnyExtra)
    return;
  // Notes and callers of all instances, each once, in order of first
  // appearance (a set keeps this linear when there are many).
  llvm::StringSet<> SeenNotes, SeenCallers;
  for (const Item &I : P.Items) {
    const NodeExtra *NX = I.second->extra();
    if (!NX)
      continue;
    for (const std::string &Note : NX->Notes)
      if (SeenNotes.insert(Note).second)
        Extra().Notes.push_back(Note);
    for (const std::string &S : NX->SharedBy)
      if (SeenCallers.insert(S).second)
        Extra().SharedBy.push_back(S);
    if (NX->HiddenNodes || NX->HiddenCalls || NX->HiddenOps) {
      Extra().HiddenNodes += NX->HiddenNodes;
      Extra().HiddenCalls += NX->HiddenCalls;
      Extra().HiddenOps += NX->HiddenOps;
    }
  }
  // Metadata: one summary for the instances, values attributed to members.
  if (llvm::any_of(P.Items, [](const Item &I) {
        return I.second->extra() && !I.second->extra()->Meta.empty();
      })) {
    std::vector<std::pair<uint64_t, MetadataSummary>> Summaries;
    for (const Item &I : P.Items)
      Summaries.push_back({I.first, summaryOf(*I.second)});
    Extra().Meta.Summary = summaryToJSON(mergeSummaries(Summaries));
  }
}

void BodyMerger::mergeInnerVariants(Node &M, const std::vector<Item> &Items) {
  // Corresponding groups inside the members (a stack inside a stack): their
  // variants are kept when they agree, with op ranges widened.
  NodeExtra *X = &M.getOrCreateExtra();
  {
    const NodeExtra *FX = Items[0].second->extra();
    bool Agree = llvm::all_of(Items, [&](const Item &I) {
      const NodeExtra *IX = I.second->extra();
      if (!IX || IX->Variants.size() != FX->Variants.size())
        return false;
      for (size_t V = 0; V < IX->Variants.size(); ++V)
        if (IX->Variants[V].Members != FX->Variants[V].Members ||
            IX->Variants[V].Differs != FX->Variants[V].Differs)
          return false;
      return true;
    });
    if (Agree && !FX->Variants.empty()) {
      X->Variants = FX->Variants;
      for (const Item &I : Items)
        for (size_t V = 0; V < FX->Variants.size(); ++V) {
          const Variant &Src = I.second->extra()->Variants[V];
          Variant &Dst = X->Variants[V];
          Dst.OpsMin = std::min(Dst.OpsMin, Src.OpsMin);
          Dst.OpsMax = std::max(Dst.OpsMax, Src.OpsMax);
        }
    } else if (!Agree) {
      addNote(X->Notes, "variants differ between instances");
    }
  }
}

void BodyMerger::mergeFamilies(Node &M, const std::vector<Item> &Items) {
  // The families of the items, by address relative to the item, name and
  // class: they say which runs among the merged children are families, and
  // of which kind (only fan-out families are left in members when they are
  // merged). Families discover-families cut from one run (unlike members)
  // are told apart by their members.
  // The items' families at one place with overlapping members (one item
  // had more of them) are one family, over all their members.
  using Key = std::tuple<std::string, std::string, IndexStyle, std::string>;
  std::map<Key, std::vector<std::pair<IndexSet, const Family *>>> Known;
  for (const Item &I : Items)
    if (const NodeExtra *X = I.second->extra())
      for (const Family &F : X->Families) {
        auto &Protos = Known[{relativeSegments(F.Base, I.second->address()),
                              F.Stem, F.Style, F.ClassName}];
        IndexSet Members = F.Members;
        for (size_t P = 0; P < Protos.size();)
          if (!Protos[P].first.intersect(Members).empty()) {
            Members.unionWith(Protos[P].first);
            Protos.erase(Protos.begin() + P);
            P = 0;
          } else {
            ++P;
          }
        Protos.push_back({Members, &F});
      }
  if (Known.empty())
    return;
  // Runs are found again among the merged children, whose addresses are
  // patterns (or concrete, for a child only one item has), and cut where
  // the items' families were.
  std::vector<Family> Merged;
  FamilyRunOptions RunOptions;
  RunOptions.MinSize = MinFamilySize;
  for (FamilyRun &R : findFamilyRunsWithMembers(M, RunOptions)) {
    auto It = Known.find({relativeSegments(R.F.Base, M.address()), R.F.Stem,
                          R.F.Style, R.F.ClassName});
    if (It == Known.end())
      continue;
    for (const auto &[ProtoMembers, Proto] : It->second) {
      Family Run = R.F;
      Run.Members = Run.Members.intersect(ProtoMembers);
      Run.Inactive = Run.Inactive.intersect(Run.Members);
      if (Run.Members.size() < std::max(1u, MinFamilySize))
        continue;
      Run.Kind = Proto->Kind;
      Run.Reason = Proto->Reason;
      Run.Note = Proto->Note;
      std::vector<std::pair<uint64_t, const Node *>> Active;
      for (const auto &[I, C] : R.Members)
        if (Run.Members.contains(I) && C->activeInstances() > 0)
          Active.push_back({I, C});
      Run.Shapes = Sigs.partition(Active);
      Merged.push_back(std::move(Run));
    }
  }
  if (!Merged.empty())
    M.getOrCreateExtra().Families = std::move(Merged);
}

/// Top-most body nodes that stand for only some members, with their path
/// relative to the group.
static void collectPartial(const Node &N, const IndexSet &All,
                           const BodyMerger &Merger, StringRef GroupAddress,
                           std::vector<std::pair<std::string, IndexSet>> &Out) {
  for (const Node *C : N.children()) {
    auto It = Merger.Coverage.find(C);
    if (It == Merger.Coverage.end())
      continue;
    if (It->second == All) {
      collectPartial(*C, All, Merger, GroupAddress, Out);
      continue;
    }
    // `layers.[1-11].mlp` relative to `layers.[0-11]` is `mlp`.
    Out.push_back({relativeSegments(C->address(), GroupAddress) + ": " +
                       C->className().str(),
                   It->second});
  }
}

FamilyFolder::FamilyFolder(CallGraph &G, Node &Parent,
                           const PassOptions &Options,
                           StructuralSignatures &Sigs)
    : G(G), Parent(Parent), Options(Options), Sigs(Sigs) {
  for (Node *C : Parent.children())
    ByAddress.try_emplace(C->address(), C);
}

bool FamilyFolder::members(const Family &F, std::vector<Item> &Out) const {
  Out.clear();
  bool Missing = false;
  llvm::SmallString<128> Address;
  F.Members.forEach([&](uint64_t I) {
    if (Missing)
      return;
    Address = familyMemberAddress(F.Base, F.Stem, F.Style, I);
    Node *C = ByAddress.lookup(Address);
    if (!C || GroupOf.count(C))
      Missing = true;
    else
      Out.push_back({I, C});
  });
  return !Missing;
}

void FamilyFolder::drop(size_t FamilyIndex) { Dropped.insert(FamilyIndex); }

void FamilyFolder::finish() {
  if (!GroupOf.empty()) {
    // Each group at the place of its first member.
    std::vector<Node *> Kids;
    Kids.reserve(Parent.children().size());
    llvm::DenseSet<const Node *> PlacedGroups;
    for (Node *C : Parent.children()) {
      auto It = GroupOf.find(C);
      if (It == GroupOf.end())
        Kids.push_back(C);
      else if (PlacedGroups.insert(It->second).second)
        Kids.push_back(It->second);
    }
    Parent.children() = std::move(Kids);
  }
  if (!Dropped.empty()) {
    auto &Families = Parent.getOrCreateExtra().Families;
    std::vector<Family> Kept;
    for (size_t I = 0; I < Families.size(); ++I)
      if (!Dropped.count(I))
        Kept.push_back(std::move(Families[I]));
    Families = std::move(Kept);
  }
  GroupOf.clear();
  Dropped.clear();
}

/// The structural shapes of the active members: from discover-families, or
/// recomputed when the members changed since.
static std::vector<IndexSet> shapesOf(const Family &F,
                                      const std::vector<Item> &Members,
                                      StructuralSignatures &Sigs) {
  std::vector<std::pair<uint64_t, const Node *>> Active;
  for (const Item &I : Members)
    if (I.second->activeInstances() > 0)
      Active.push_back({I.first, I.second});
  IndexSet ShapedMembers;
  for (const IndexSet &S : F.Shapes)
    ShapedMembers.unionWith(S);
  IndexSet ActiveSet;
  for (const auto &A : Active)
    ActiveSet.insert(A.first);
  if (ShapedMembers != ActiveSet)
    return Sigs.partition(Active);
  return F.Shapes;
}

/// Ops of one member instance, by member index. A member standing for
/// several instances (a fan-out inside a folded stack) counts its total over
/// its called instances; returns false when that is not exact for all (then
/// no op variants are formed).
static bool opsPerInstance(const std::vector<Item> &Members,
                           const std::vector<uint64_t> &MemberOps,
                           llvm::DenseMap<uint64_t, uint64_t> &Out) {
  bool Exact = true;
  for (size_t K = 0; K < Members.size(); ++K) {
    uint64_t Called = Members[K].second->activeInstances();
    if (Called == 0)
      continue;
    uint64_t Total = MemberOps[K];
    Exact &= Total % Called == 0;
    Out[Members[K].first] = Total / Called;
  }
  return Exact;
}

/// The variants of one shape: one per op count, or a single variant with an
/// op range when there are more than MaxOpVariants counts (or none at all
/// when the ops are not exact).
static void addShapeVariants(const IndexSet &Shape,
                             llvm::DenseMap<uint64_t, uint64_t> &InclusiveOps,
                             bool ExactOps, unsigned MaxOpVariants,
                             std::vector<Variant> &Variants) {
  std::vector<std::pair<uint64_t, IndexSet>> ByOps; // ops -> members
  llvm::DenseMap<uint64_t, size_t> OpsPosition;     // ops -> in ByOps
  Shape.forEach([&](uint64_t I) {
    uint64_t Ops = ExactOps ? InclusiveOps[I] : 0;
    auto Ins = OpsPosition.try_emplace(Ops, ByOps.size());
    if (Ins.second)
      ByOps.push_back({Ops, IndexSet::single(I)});
    else
      ByOps[Ins.first->second].second.insert(I);
  });
  if (!ExactOps) {
    Variant V;
    V.Members = Shape;
    Variants.push_back(std::move(V));
  } else if (ByOps.size() <= std::max(1u, MaxOpVariants)) {
    for (auto &[Ops, Set] : ByOps) {
      Variant V;
      V.Members = Set;
      V.OpsMin = V.OpsMax = Ops;
      Variants.push_back(std::move(V));
    }
  } else {
    Variant V;
    V.Members = Shape;
    V.OpsMin = V.OpsMax = ByOps.front().first;
    for (const auto &E : ByOps) {
      V.OpsMin = std::min(V.OpsMin, E.first);
      V.OpsMax = std::max(V.OpsMax, E.first);
    }
    Variants.push_back(std::move(V));
  }
}

/// A variant differs by a partial node when all its members have it: counts,
/// for each variant, the members each partial node covers (the variants are
/// disjoint), in time linear in the coverage.
static void
markDifferences(std::vector<Variant> &Variants,
                const std::vector<std::pair<std::string, IndexSet>> &Partial) {
  llvm::DenseMap<uint64_t, uint32_t> VariantOf;
  std::vector<uint64_t> Sizes(Variants.size());
  for (uint32_t V = 0; V < Variants.size(); ++V) {
    Variants[V].Members.forEach([&](uint64_t I) { VariantOf[I] = V; });
    Sizes[V] = Variants[V].Members.size();
  }
  std::vector<uint64_t> Hits(Variants.size());
  for (const auto &[Text, Covered] : Partial) {
    std::vector<uint32_t> Touched;
    Covered.forEach([&](uint64_t I) {
      auto It = VariantOf.find(I);
      if (It != VariantOf.end() && Hits[It->second]++ == 0)
        Touched.push_back(It->second);
    });
    llvm::sort(Touched);
    for (uint32_t V : Touched) {
      if (Hits[V] == Sizes[V])
        Variants[V].Differs.push_back(Text);
      Hits[V] = 0;
    }
  }
}

FoldOutcome FamilyFolder::fold(size_t FamilyIndex, FoldKind Kind) {
  const Family &F = Parent.extra()->Families[FamilyIndex];
  FoldOutcome Out;

  // The members, in index order.
  std::vector<Item> Members;
  if (!members(F, Members)) {
    Out.Problem = "a member of family '" + F.Base + "' is missing";
    return Out;
  }

  // The members' bodies, read into the merger (which sums their ops).
  BodyMerger Merger(G, Sigs, F, Options.MinFamilySize);
  std::vector<uint64_t> MemberOps = Merger.gatherMembers(Members);

  // Variants: structural shapes, then op counts within each shape.
  std::vector<IndexSet> Shapes = shapesOf(F, Members, Sigs);
  llvm::DenseMap<uint64_t, uint64_t> InclusiveOps;
  bool ExactOps = opsPerInstance(Members, MemberOps, InclusiveOps);
  std::vector<Variant> Variants;
  for (const IndexSet &S : Shapes)
    addShapeVariants(S, InclusiveOps, ExactOps, Options.MaxOpVariants,
                     Variants);
  std::sort(Variants.begin(), Variants.end(),
            [](const Variant &A, const Variant &B) {
              return A.Members.min() < B.Members.min();
            });

  // The group and its merged body.
  Node *Group = Merger.buildGroup(NodeKind::Group);
  Group->setFold(Kind);
  Group->setFoldCount(F.Members.size());
  Group->setClassName(G.intern(F.ClassName));
  NodeExtra &GX = Group->getOrCreateExtra();
  GX.Members = F.Members;
  GX.MemberStem = F.Stem;
  GX.MemberStyle = F.Style;
  if (Kind == FoldKind::ParFor)
    GX.FanOutReason = F.Reason;
  if (Variants.size() > 1 && Shapes.size() > 1) {
    std::vector<std::pair<std::string, IndexSet>> Partial;
    collectPartial(*Group, F.Members, Merger, Group->address(), Partial);
    markDifferences(Variants, Partial);
  }
  addParamVariants(Variants, Members, Options.MaxOpVariants, GX.Notes);
  // Variants that read the same are one; one variant is no variant.
  mergeAlikeVariants(Variants);
  if (Variants.size() == 1)
    Variants.clear();
  GX.Variants = std::move(Variants);
  addNote(GX.Notes, F.Note);

  // The group replaces the members (in finish()), and the family is folded:
  // it is forgotten.
  for (const Item &I : Members)
    GroupOf[I.second] = Group;
  Group->setParent(&Parent);
  Dropped.insert(FamilyIndex);
  Out.Group = Group;
  return Out;
}

bool dsocr::foldFamiliesOfKind(
    CallGraph &G, PassContext &Ctx, FoldKind Kind, llvm::StringRef PassName,
    llvm::function_ref<bool(Node &P, const Family &F,
                            const std::vector<FamilyFolder::Item> &Members)>
        Keep,
    llvm::function_ref<void(uint64_t Members)> Folded) {
  StructuralSignatures Sigs;
  bool OK = true;
  CallGraph::walkPostOrder(G.root(), [&](Node *P) {
    if (!OK || !P->hasExtra())
      return;
    FamilyFolder Folder(G, *P, Ctx.Options, Sigs);
    std::vector<FamilyFolder::Item> Members;
    for (size_t I = 0, E = P->extra()->Families.size(); I < E; ++I) {
      const Family &F = P->extra()->Families[I];
      if (F.Kind != Kind)
        continue;
      if (Keep) {
        if (!Folder.members(F, Members)) {
          Ctx.Diags.error(F.Loc, PassName + ": a member of family '" + F.Base +
                                     "' is missing");
          OK = false;
          return;
        }
        if (!Keep(*P, F, Members)) {
          Folder.drop(I);
          continue;
        }
      }
      uint64_t Size = F.Members.size();
      FoldOutcome R = Folder.fold(I, Kind);
      if (!R.Group) {
        Ctx.Diags.error(F.Loc, PassName + ": " + R.Problem);
        OK = false;
        return;
      }
      Folded(Size);
    }
    Folder.finish();
  });
  return OK;
}
