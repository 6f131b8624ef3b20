//===- TorchLensBuilder.h - TorchLens sections into trace facts -*- C++ -*-===//
//
// What the JSON reader knows about TorchLens beyond JSON, between its
// parser handler and the format-neutral TraceBuilder of lib/IR: modules are
// named by address in each section, edges by `caller->callee` keys, classes
// by module_classes and module_types (which may repeat each other), static
// children by module_children. Messages name those sections.
//
// It is also where reading is fast: TorchLens writes every section in
// execution order, so a cursor per section guesses the next module before
// hashing, and facts about modules not seen before are deferred in
// batches whose index lookups overlap (see docs/Performance.md). The
// children of a module_children list are also guessed from the previous
// list (the k-th child of a list is often the module after the previous
// list's k-th child: the same child of the next element, when a list's
// elements are listed column by column), so that no order of the sections
// makes reading much slower.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_LIB_TRACE_TORCHLENSBUILDER_H
#define DSOCR_LIB_TRACE_TORCHLENSBUILDER_H

#include "dsocr/IR/TraceBuilder.h"

#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class CallGraph;
class Diagnostics;
class Node;

class TorchLensBuilder {
public:
  TorchLensBuilder(CallGraph &G, Diagnostics &Diags)
      : G(G), Diags(Diags), Facts(G, Diags) {}

  /// Lets setClass, setCalls and setOps defer facts whose text is Stable
  /// (stays valid until flush), while they name modules not seen before
  /// (the first section): their address-index lookups are then done in
  /// batches whose memory accesses overlap. A problem with a deferred fact
  /// is reported by the next call, or by flush().
  void enableBatching() { Batching = true; }
  /// Records the deferred facts; false after reporting an error. Call it
  /// before reporting any error of one's own, so that problems are reported
  /// in input order.
  bool flush() { return NumPending == 0 || flushPending(); }

  /// Each returns false after reporting an error at Loc.
  /// FromModuleTypes: the class is from module_types, not module_classes.
  bool setClass(llvm::StringRef Address, const char *Loc,
                llvm::StringRef ClassName, const char *ClassLoc,
                bool FromModuleTypes, bool Stable = false);
  bool setCalls(llvm::StringRef Address, const char *Loc, uint64_t Calls,
                bool Stable = false);
  bool setOps(llvm::StringRef Address, const char *Loc, uint64_t Ops,
              bool Stable = false);
  /// Key is `caller->callee`. KeyLoc points at the key's opening quote; when
  /// KeyIsVerbatim (no escapes) the key text follows it in the buffer.
  bool addEdge(llvm::StringRef Key, const char *KeyLoc, bool KeyIsVerbatim,
               uint64_t Ops);
  /// Starts the module_children list of Parent; children follow with
  /// addStaticChild in list order.
  bool beginStaticChildren(llvm::StringRef Parent, const char *Loc);
  bool addStaticChild(llvm::StringRef Child, const char *Loc);
  bool setMetadata(llvm::StringRef Address, const char *Loc,
                   MetadataField Field, std::string CanonicalJSON);

  /// Whole-trace checks, in TorchLens terms. Returns false after reporting
  /// the first problem.
  bool finish();

  /// Module lookups so far, and those of known modules that no guess
  /// answered (an index lookup).
  uint64_t lookups() const { return Lookups; }
  uint64_t indexLookups() const { return IndexLookups; }

private:
  /// Where the next lookup of one kind is likely to land: the module after
  /// the last one found is usually the next one named. A correct guess
  /// costs one string comparison instead of a hash lookup.
  struct Cursor {
    size_t Next = 0;
  };
  static constexpr size_t GuessWindow = 8;
  static constexpr size_t PrefetchAhead = 8;
  /// The module named Address, null after reporting an empty address. Hash
  /// is the address's hash when known (a deferred fact), else 0.
  /// Guess, if not null, is tried right after the cursor's first guess.
  Node *module(llvm::StringRef Address, const char *Loc, Cursor &C,
               uint64_t Hash = 0, Node *Guess = nullptr);
  /// The module after N in first-mention order, or null.
  Node *nextModule(const Node *N) const;
  /// A caller or a module_children key: tried against recently seen
  /// modules before the cursor.
  Node *parentModule(llvm::StringRef Address, const char *Loc);
  /// Remembers N as a likely next parent (newest first).
  void sawChild(Node *N);

  enum class FactKind : uint8_t { Class, Calls, Ops };
  struct PendingFact {
    FactKind Kind;
    bool FromModuleTypes;
    llvm::StringRef Address;
    const char *Loc;
    uint64_t Value; // calls or ops
    llvm::StringRef ClassName;
    const char *ClassLoc;
    uint64_t Hash;
  };
  static constexpr size_t BatchSize = 32;
  /// Whether a fact of this kind is deferred.
  bool defer(FactKind Kind, bool Stable);
  bool flushPending();
  /// Defers F (when batching allows) or applies it at once.
  bool submit(const PendingFact &F, bool Stable);
  bool apply(const PendingFact &F);
  Cursor &cursorFor(FactKind Kind) {
    return Kind == FactKind::Class   ? ClassCursor
           : Kind == FactKind::Calls ? CallsCursor
                                     : OpsCursor;
  }

  CallGraph &G;
  Diagnostics &Diags;
  TraceBuilder Facts;
  bool Batching = false;
  std::array<PendingFact, BatchSize> Pending;
  size_t NumPending = 0;
  Cursor ClassCursor, CallsCursor, OpsCursor, CalleeCursor, ChildCursor,
      ParentCursor, MetadataCursor;
  std::array<Node *, 8> RecentParents{};
  /// The children of the current and of the previous module_children list.
  std::vector<Node *> ListChildren, PreviousListChildren;
  /// Whether the last child was the guess from the previous list.
  bool GuessFirst = false;
  uint64_t Lookups = 0, IndexLookups = 0;
};

} // namespace dsocr

#endif // DSOCR_LIB_TRACE_TORCHLENSBUILDER_H
