//===- TraceGenerator.cpp - A TorchLens trace from a description ----------===//
//
// One depth-first walk per section. Edge weights are inclusive op counts,
// known only after a subtree; the first walk (call_counts) records them for
// large subtrees, so the edges walk recomputes only small ones.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/TraceGenerator.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/OutputFile.h"
#include "dsocr/TraceGen/CallTree.h"
#include "dsocr/TraceGen/ModelDescription.h"
#include "dsocr/TraceGen/PyJSONWriter.h"

#include "llvm/ADT/SmallString.h"
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
  /// The entry of section S that belongs to M itself (its call count,
  /// children list or tensor metadata), if S has one before the children.
  bool writeOwnEntry(const Instance &M, const Expansion &E, Section S);
  bool inclusive(const Instance &M, uint64_t &Ops);
  bool inclusiveOf(const Instance &C, uint64_t &Ops);
  bool writeMetadata(const Instance &M, const std::vector<TensorSpec> &Specs);
  bool walkStatic(const Instance &M, bool Params);
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
};

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
  for (uint64_t Slot : E.Order) {
    if (Slot == Expansion::Self) {
      if (S == Section::OpCounts && !Root) {
        W.key(M.Address);
        W.value(E.OwnOps);
      }
      continue;
    }
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
  }
  if (S == Section::CallCounts && !Root && T.Modules >= CachedSubtreeSize)
    InclCache.push_back({Index, T.Ops});
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
  for (uint64_t Slot = 0; Slot < M.NumSlots; ++Slot) {
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
    if (!C.isContainer() && !walkStatic(C, Params))
      return false;
  }
  return true;
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
