//===- TraceGenerator.cpp - A TorchLens trace from a description ----------===//
//
// One depth-first walk per section. Edge weights are inclusive op counts,
// known only after a subtree; the first walk (call_counts) records them for
// large subtrees, so the edges walk recomputes only small ones. In column
// order the walk is the same, but the entries written for the elements of
// an innermost list are kept and written back column by column.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/TraceGenerator.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/OutputFile.h"
#include "dsocr/TraceGen/CallTree.h"
#include "dsocr/TraceGen/ModelDescription.h"
#include "dsocr/TraceGen/PyJSONWriter.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace dsocr;
using llvm::StringRef;

namespace {

/// Subtrees with at least this many called modules have their inclusive op
/// count remembered by the first walk.
constexpr uint64_t CachedSubtreeSize = 32;

enum class Section {
  CallCounts,
  Edges,
  OpCounts,
  Children,
  Inputs,
  Outputs,
};

class Generator {
public:
  Generator(const ModelDescription &D, const GenOptions &O,
            llvm::raw_ostream &OS, llvm::raw_fd_ostream *FDOut,
            Diagnostics &Diags)
      : D(D), O(O), B(D, O, Diags), W(OS), FDOut(FDOut) {}

  bool run();

private:
  struct Totals {
    uint64_t Ops = 0;     // inclusive ops of the subtree
    uint64_t Modules = 0; // called modules in the subtree
  };

  bool walk(Instance &M, Section S, Totals &T);
  /// The part of walk(M) for the child in Slot: its edge, then its walk.
  bool walkChild(Instance &M, Expansion &E, uint64_t Slot, Section S, bool Root,
                 Totals &T);
  /// In column order: the end of the run of elements of one innermost list
  /// that starts at Slots[I] (I + 1 if there is none). Self is never part
  /// of a run.
  size_t columnRun(const Instance &M, llvm::ArrayRef<uint64_t> Slots, size_t I);
  /// Whether the elements of L register no list, at any depth.
  bool isInnermost(const ModuleSpec &L);
  bool holdsList(const ClassDecl *C);
  /// Writes the members captured for the elements of a list (Firsts[k]:
  /// the first member of element k, whose address is Addresses[k]) column
  /// by column: the members whose keys are the same relative to their
  /// element, in element order, columns in order of first appearance.
  void writeColumns(const std::vector<std::string> &Members,
                    const std::vector<size_t> &Firsts,
                    const std::vector<std::string> &Addresses);
  /// The entry of section S that belongs to M itself (its call count,
  /// children list or tensor metadata), if S has one before the children.
  bool writeOwnEntry(const Instance &M, const Expansion &E, Section S);
  bool inclusive(const Instance &M, uint64_t &Ops);
  bool inclusiveOf(const Instance &C, uint64_t &Ops);
  bool writeMetadata(const Instance &M, const std::vector<TensorSpec> &Specs);
  bool walkStatic(const Instance &M, bool Params);
  bool walkStaticChild(const Instance &M, uint64_t Slot, bool Params);
  void writeParams(const Instance &M);
  bool writeEvents();
  /// A write to the file or stream has failed: nothing more gets there, so
  /// the walk stops (the caller reports the write error).
  bool writeFailed() const { return FDOut && FDOut->has_error(); }

  const ModelDescription &D;
  const GenOptions &O;
  CallTreeBuilder B;
  PyJSONWriter W;
  llvm::raw_fd_ostream *FDOut;
  uint64_t PreIndex = 0;
  std::vector<std::pair<uint64_t, uint64_t>> InclCache; // pre-index, ops
  size_t CacheCursor = 0;
  std::string KeyBuf;
  std::vector<std::pair<llvm::SmallVector<int64_t, 4>, StringRef>> Tensors;
  llvm::DenseMap<const ClassDecl *, bool> HoldsList;
};

bool Generator::holdsList(const ClassDecl *C) {
  if (!C)
    return false;
  auto It = HoldsList.find(C);
  if (It != HoldsList.end())
    return It->second;
  HoldsList[C] = false; // descriptions do not nest a class in itself
  bool Holds = false;
  for (const ModuleSpec &Mod : C->Modules)
    Holds |= Mod.IsList || holdsList(Mod.Inst.Class);
  HoldsList[C] = Holds;
  return Holds;
}

bool Generator::isInnermost(const ModuleSpec &L) {
  bool Holds = holdsList(L.Of.Class);
  for (const InstanceSpec &E : L.Elements)
    Holds |= holdsList(E.Class);
  for (const auto &A : L.At)
    Holds |= holdsList(A.second.Class);
  return !Holds;
}

size_t Generator::columnRun(const Instance &M, llvm::ArrayRef<uint64_t> Slots,
                            size_t I) {
  if (O.Order != SectionOrder::Column || Slots[I] == Expansion::Self)
    return I + 1;
  const ModuleSpec *L = B.listOfElement(M, Slots[I]);
  if (!L || !isInnermost(*L))
    return I + 1;
  size_t J = I + 1;
  while (J < Slots.size() && Slots[J] != Expansion::Self &&
         B.listOfElement(M, Slots[J]) == L)
    ++J;
  return J;
}

/// Key with each mention of Address (a whole address, or a prefix ending
/// at a dot) replaced by `@`: what a member is relative to its element.
static std::string relativeKey(StringRef Key, StringRef Address) {
  std::string Out;
  size_t I = 0;
  while (I < Key.size()) {
    bool AtStart = I == 0 || Key[I - 1] == '"' || Key[I - 1] == '>';
    size_t E = I + Address.size();
    if (AtStart && Key.substr(I).startswith(Address) &&
        (E == Key.size() || Key[E] == '.' || Key[E] == '-' || Key[E] == '"')) {
      Out += '@';
      I = E;
      continue;
    }
    Out += Key[I++];
  }
  return Out;
}

/// The key of a captured member (`"key": value`), as written.
static StringRef memberKey(StringRef Member) {
  size_t I = 1;
  while (I < Member.size() && Member[I] != '"')
    I += Member[I] == '\\' ? 2 : 1;
  return Member.take_front(std::min(I + 1, Member.size()));
}

void Generator::writeColumns(const std::vector<std::string> &Members,
                             const std::vector<size_t> &Firsts,
                             const std::vector<std::string> &Addresses) {
  llvm::StringMap<unsigned> Column;
  std::vector<std::pair<unsigned, size_t>> Order; // column, member
  Order.reserve(Members.size());
  std::string Escaped;
  for (size_t K = 0; K < Firsts.size(); ++K) {
    Escaped.clear();
    llvm::raw_string_ostream EOS(Escaped);
    PyJSONWriter::writeString(EOS, Addresses[K]);
    EOS.flush();
    StringRef Address = StringRef(Escaped).drop_front().drop_back();
    size_t End = K + 1 < Firsts.size() ? Firsts[K + 1] : Members.size();
    for (size_t I = Firsts[K]; I < End; ++I) {
      auto Ins = Column.try_emplace(relativeKey(memberKey(Members[I]), Address),
                                    unsigned(Column.size()));
      Order.push_back({Ins.first->second, I});
    }
  }
  std::stable_sort(
      Order.begin(), Order.end(),
      [](const std::pair<unsigned, size_t> &A,
         const std::pair<unsigned, size_t> &B) { return A.first < B.first; });
  for (const auto &P : Order)
    W.writeMember(Members[P.second]);
}

bool Generator::inclusive(const Instance &M, uint64_t &Ops) {
  Expansion E;
  if (!B.expand(M, E))
    return false;
  Ops = E.OwnOps;
  for (uint64_t Slot : E.Order) {
    if (Slot == Expansion::Self)
      continue;
    Instance C;
    if (!B.makeChild(M, Slot, C))
      return false;
    C.Calls = std::move(E.SlotCalls[Slot]);
    uint64_t Sub;
    if (!inclusive(C, Sub))
      return false;
    Ops += Sub;
  }
  return true;
}

bool Generator::inclusiveOf(const Instance &C, uint64_t &Ops) {
  // C is about to be entered with pre-order index PreIndex.
  while (CacheCursor < InclCache.size() &&
         InclCache[CacheCursor].first < PreIndex)
    ++CacheCursor;
  if (CacheCursor < InclCache.size() &&
      InclCache[CacheCursor].first == PreIndex) {
    Ops = InclCache[CacheCursor].second;
    return true;
  }
  return inclusive(C, Ops);
}

bool Generator::writeMetadata(const Instance &M,
                              const std::vector<TensorSpec> &Specs) {
  W.key(M.Address);
  W.beginArray();
  for (size_t J = 0; J < M.Calls.size(); ++J) {
    FramePtr F;
    if (!B.callFrame(M, J, F) || !B.evalTensors(M, Specs, F.get(), Tensors))
      return false;
    W.beginObject();
    W.key("tensors");
    W.beginArray();
    for (const auto &T : Tensors) {
      W.beginObject();
      W.key("shape");
      W.beginArray();
      for (int64_t Dim : T.first)
        W.value(Dim);
      W.end();
      W.key("dtype");
      W.value(T.second);
      W.end();
    }
    W.end();
    W.end();
  }
  W.end();
  return true;
}

bool Generator::writeOwnEntry(const Instance &M, const Expansion &E,
                              Section S) {
  switch (S) {
  case Section::CallCounts:
    W.key(M.Address);
    W.value(uint64_t(M.Calls.size()));
    return true;
  case Section::Children: {
    bool Any = false;
    for (uint64_t Slot : E.Order) {
      if (Slot == Expansion::Self)
        continue;
      if (!Any) {
        W.key(M.Address);
        W.beginArray();
        Any = true;
      }
      KeyBuf.clear();
      B.appendChildAddress(M, Slot, KeyBuf);
      W.value(StringRef(KeyBuf));
    }
    if (Any)
      W.end();
    return true;
  }
  case Section::Inputs:
    if (const std::vector<TensorSpec> *In = M.inputs())
      return writeMetadata(M, *In);
    return true;
  case Section::Outputs:
    if (const std::vector<TensorSpec> *Out = M.outputs())
      return writeMetadata(M, *Out);
    return true;
  default:
    return true;
  }
}

bool Generator::walk(Instance &M, Section S, Totals &T) {
  if (writeFailed())
    return false;
  Expansion E;
  if (!B.expand(M, E))
    return false;
  bool Root = M.isRoot();
  uint64_t Index = Root ? 0 : PreIndex++;
  if (!Root && !writeOwnEntry(M, E, S))
    return false;

  T.Ops = E.OwnOps;
  T.Modules = Root ? 0 : 1;
  for (size_t I = 0; I < E.Order.size();) {
    uint64_t Slot = E.Order[I];
    if (Slot == Expansion::Self) {
      if (S == Section::OpCounts && !Root) {
        W.key(M.Address);
        W.value(E.OwnOps);
      }
      ++I;
      continue;
    }
    size_t J = columnRun(M, E.Order, I);
    if (J == I + 1) {
      if (!walkChild(M, E, Slot, S, Root, T))
        return false;
      I = J;
      continue;
    }
    W.beginCapture();
    std::vector<size_t> Firsts;
    std::vector<std::string> Addresses;
    for (; I < J; ++I) {
      Firsts.push_back(W.capturedMembers());
      Addresses.emplace_back();
      B.appendChildAddress(M, E.Order[I], Addresses.back());
      if (!walkChild(M, E, E.Order[I], S, Root, T)) {
        W.endCapture();
        return false;
      }
    }
    writeColumns(W.endCapture(), Firsts, Addresses);
  }
  if (S == Section::CallCounts && !Root && T.Modules >= CachedSubtreeSize)
    InclCache.push_back({Index, T.Ops});
  return true;
}

bool Generator::walkChild(Instance &M, Expansion &E, uint64_t Slot, Section S,
                          bool Root, Totals &T) {
  Instance C;
  if (!B.makeChild(M, Slot, C))
    return false;
  C.Calls = std::move(E.SlotCalls[Slot]);
  if (S == Section::Edges && !Root) {
    uint64_t Ops;
    if (!inclusiveOf(C, Ops))
      return false;
    KeyBuf.assign(M.Address);
    KeyBuf += "->";
    KeyBuf += C.Address;
    W.key(KeyBuf);
    W.value(Ops);
  }
  Totals Sub;
  if (!walk(C, S, Sub))
    return false;
  T.Ops += Sub.Ops;
  T.Modules += Sub.Modules;
  return true;
}

void Generator::writeParams(const Instance &M) {
  if (!M.Class || M.Class->Params.empty())
    return;
  W.key(M.Address);
  W.beginObject();
  for (size_t I = 0; I < M.Class->Params.size(); ++I) {
    const ParamDecl &P = M.Class->Params[I];
    const Value *V = M.Static.findOwn(P.Sym);
    W.key(P.Name);
    if (V->isShape()) {
      W.beginArray();
      for (int64_t Dim : V->Dims)
        W.value(Dim);
      W.end();
    } else if (M.BoolParams[I]) {
      W.value(V->Int != 0);
    } else {
      W.value(V->Int);
    }
  }
  W.end();
}

bool Generator::walkStatic(const Instance &M, bool Params) {
  if (writeFailed())
    return false;
  std::vector<uint64_t> Slots(M.NumSlots);
  for (uint64_t Slot = 0; Slot < M.NumSlots; ++Slot)
    Slots[Slot] = Slot;
  for (size_t I = 0; I < Slots.size();) {
    size_t J = columnRun(M, Slots, I);
    if (J == I + 1) {
      if (!walkStaticChild(M, Slots[I], Params))
        return false;
      I = J;
      continue;
    }
    W.beginCapture();
    std::vector<size_t> Firsts;
    std::vector<std::string> Addresses;
    for (; I < J; ++I) {
      Firsts.push_back(W.capturedMembers());
      Addresses.emplace_back();
      B.appendChildAddress(M, Slots[I], Addresses.back());
      if (!walkStaticChild(M, Slots[I], Params)) {
        W.endCapture();
        return false;
      }
    }
    writeColumns(W.endCapture(), Firsts, Addresses);
  }
  return true;
}

bool Generator::walkStaticChild(const Instance &M, uint64_t Slot, bool Params) {
  Instance C;
  if (!B.makeChild(M, Slot, C))
    return false;
  if (Params) {
    writeParams(C);
  } else {
    W.key(C.Address);
    W.value(C.torchClass());
  }
  // A container's elements are the owner's next slots.
  return C.isContainer() || walkStatic(C, Params);
}

bool Generator::run() {
  Totals T;
  W.beginObject();
  auto Dynamic = [&](const char *Key, Section S) -> bool {
    Instance Root;
    if (!B.makeRoot(Root))
      return false;
    PreIndex = 0;
    CacheCursor = 0;
    W.key(Key);
    W.beginObject();
    if (!walk(Root, S, T))
      return false;
    W.end();
    return true;
  };
  auto Static = [&](const char *Key, bool Params) -> bool {
    Instance Root;
    if (!B.makeRoot(Root))
      return false;
    W.key(Key);
    W.beginObject();
    if (!walkStatic(Root, Params))
      return false;
    W.end();
    return true;
  };
  if (!Dynamic("call_counts", Section::CallCounts))
    return false;
  std::sort(InclCache.begin(), InclCache.end());
  if (!Dynamic("edges", Section::Edges) ||
      !Dynamic("op_call_counts", Section::OpCounts) ||
      !Dynamic("module_children", Section::Children) ||
      !Static("module_classes", /*Params=*/false))
    return false;
  if (O.Metadata && (!Static("constructor_params", /*Params=*/true) ||
                     !Dynamic("input_metadata", Section::Inputs) ||
                     !Dynamic("output_metadata", Section::Outputs)))
    return false;
  if (O.Events && !writeEvents())
    return false;
  W.end();
  return true;
}

bool Generator::writeEvents() {
  Instance Root;
  if (!B.makeRoot(Root))
    return false;
  W.key("runtime_events");
  W.beginObject();
  W.key("events");
  W.beginArray();
  for (const EventSpec &E : D.Events) {
    W.beginObject();
    W.key("kind");
    W.value(StringRef(E.Kind));
    W.key("module");
    W.value(StringRef(E.Module));
    for (const auto &[Name, X] : E.Fields) {
      int64_t V;
      if (!B.evalModelExpr(Root, X, V))
        return false;
      W.key(Name);
      W.value(V);
    }
    W.end();
  }
  W.end();
  W.end();
  return true;
}

/// Counts bytes and discards them.
class CountingStream : public llvm::raw_ostream {
public:
  CountingStream() { SetBufferSize(1 << 16); }
  ~CountingStream() override { flush(); }
  uint64_t count() { return tell(); }

private:
  void write_impl(const char *, size_t Size) override { Count += Size; }
  uint64_t current_pos() const override { return Count; }
  uint64_t Count = 0;
};

} // namespace

bool dsocr::generateTrace(const ModelDescription &D, const GenOptions &O,
                          llvm::raw_ostream &OS, Diagnostics &Diags) {
  Generator G(D, O, OS, nullptr, Diags);
  return G.run();
}

bool dsocr::generateTrace(const ModelDescription &D, const GenOptions &O,
                          llvm::raw_fd_ostream &OS, Diagnostics &Diags) {
  Generator G(D, O, OS, &OS, Diags);
  return G.run();
}

bool dsocr::measureTrace(const ModelDescription &D, const GenOptions &O,
                         Diagnostics &Diags, uint64_t &Bytes) {
  CountingStream OS;
  if (!generateTrace(D, O, OS, Diags))
    return false;
  Bytes = OS.count();
  return true;
}

bool dsocr::writeTraceFile(const ModelDescription &D, const GenOptions &O,
                           StringRef Path, Diagnostics &Diags) {
  std::unique_ptr<OutputFile> Out = OutputFile::create(Path, Diags);
  if (!Out)
    return false;
  // A generation that fails leaves the destination as it was (a device or
  // FIFO keeps what it was sent); a write error stops the generation
  // early and is reported by commit().
  if (!generateTrace(D, O, Out->os(), Diags) && !Out->hasError())
    return false;
  return Out->commit(Diags);
}
