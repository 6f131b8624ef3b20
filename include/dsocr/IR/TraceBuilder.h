//===- TraceBuilder.h - Building the trace form of a CallGraph --*- C++ -*-===//
//
// The one place where trace facts (classes, counts, edges, static children,
// metadata) enter a CallGraph. The JSON reader and the IR parser both feed
// it, so both accept and reject exactly the same things with the same
// messages. Facts are checked as they arrive (duplicates, malformed edge
// keys, self edges); finish() checks what needs the whole trace (every named
// module has a class, module_children has no cycle).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_TRACEBUILDER_H
#define DSOCR_IR_TRACEBUILDER_H

#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <string>

namespace dsocr {

class CallGraph;
class Diagnostics;
class Node;

enum class MetadataField { Params, Inputs, Outputs };

/// Where a class comes from: the same module may appear in module_classes
/// and in module_types (if they agree), but not twice in one of them.
enum class ClassSource : uint8_t { ModuleClasses = 1, ModuleTypes = 2, IR = 4 };

/// Counts above this are refused: totals must stay within 64 bits.
constexpr uint64_t MaxCount = uint64_t(INT64_MAX);

class TraceBuilder {
public:
  TraceBuilder(CallGraph &G, Diagnostics &Diags) : G(G), Diags(Diags) {}

  /// Lets setClass, setCalls and setOps defer facts whose text is Stable
  /// (stays valid until flush), while they name modules not seen before
  /// (the reader's first section): their address-index lookups are then
  /// done in batches whose memory accesses overlap. A problem with a
  /// deferred fact is reported by the next call, or by flush().
  void enableBatching() { Batching = true; }
  /// Records the deferred facts; false after reporting an error. Call it
  /// before reporting any error of one's own, so that problems are reported
  /// in input order.
  bool flush() { return NumPending == 0 || flushPending(); }

  /// Each returns false after reporting an error at Loc.
  bool setClass(llvm::StringRef Address, const char *Loc,
                llvm::StringRef ClassName, const char *ClassLoc,
                ClassSource Source, bool Stable = false);
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

  /// Whole-trace checks. Returns false after reporting the first problem.
  bool finish();

private:
  /// Where the next lookup of one kind is likely to land: TorchLens writes
  /// every section in execution order, so the module after the last one
  /// found is usually the next one named. A correct guess costs one string
  /// comparison instead of a hash lookup.
  struct Cursor {
    size_t Next = 0;
  };
  static constexpr size_t GuessWindow = 8;
  static constexpr size_t PrefetchAhead = 8;
  /// Hash is the address's hash when known (a deferred fact), else 0.
  Node *module(llvm::StringRef Address, const char *Loc, Cursor &C,
               uint64_t Hash = 0);
  /// A caller or a module_children key: tried against recently seen
  /// modules before the cursor.
  Node *parentModule(llvm::StringRef Address, const char *Loc);
  /// Remembers N as a likely next parent (newest first).
  void sawChild(Node *N);

  enum class FactKind : uint8_t { Class, Calls, Ops };
  struct PendingFact {
    FactKind Kind;
    ClassSource Source;
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
  bool applyClass(llvm::StringRef Address, const char *Loc,
                  llvm::StringRef ClassName, const char *ClassLoc,
                  ClassSource Source, uint64_t Hash);
  bool applyCalls(llvm::StringRef Address, const char *Loc, uint64_t Calls,
                  uint64_t Hash);
  bool applyOps(llvm::StringRef Address, const char *Loc, uint64_t Ops,
                uint64_t Hash);
  Cursor &cursorFor(FactKind Kind) {
    return Kind == FactKind::Class   ? ClassCursor
           : Kind == FactKind::Calls ? CallsCursor
                                     : OpsCursor;
  }

  CallGraph &G;
  Diagnostics &Diags;
  bool Batching = false;
  std::array<PendingFact, BatchSize> Pending;
  size_t NumPending = 0;
  Node *CurrentParent = nullptr;
  uint32_t CurrentIndex = 0;
  Cursor ClassCursor, CallsCursor, OpsCursor, CalleeCursor, ChildCursor,
      ParentCursor, MetadataCursor;
  std::array<Node *, 8> RecentParents{};
};

} // namespace dsocr

#endif // DSOCR_IR_TRACEBUILDER_H
