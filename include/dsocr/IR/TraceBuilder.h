//===- TraceBuilder.h - Building the trace form of a CallGraph --*- C++ -*-===//
//
// The one place where trace facts (classes, counts, edges, static children,
// metadata) enter a CallGraph, whatever the input format: the IR parser
// feeds it directly, the TorchLens reader (lib/Trace) through a layer that
// knows TorchLens's sections. Facts are checked as they arrive (duplicates,
// counts beyond 2^63-1, self edges) with messages in IR terms; finish()
// checks what needs the whole trace (every module has a class, the static
// hierarchy has no cycle). The verifier checks the same invariants on a
// trace form built any other way.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_TRACEBUILDER_H
#define DSOCR_IR_TRACEBUILDER_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace dsocr {

class CallGraph;
class Diagnostics;
class Node;

enum class MetadataField { Params, Inputs, Outputs };

/// Counts above this are refused: totals must stay within 64 bits.
constexpr uint64_t MaxCount = uint64_t(INT64_MAX);

/// A front end that reads classes from several lists gives each list a
/// number below this: a module may get its class from several lists if
/// they agree, but only once from each.
constexpr unsigned MaxClassSources = 3;

class TraceBuilder {
public:
  TraceBuilder(CallGraph &G, Diagnostics &Diags) : G(G), Diags(Diags) {}

  /// Reports an empty address at Loc; true if Address can name a module.
  bool checkAddress(llvm::StringRef Address, const char *Loc);
  /// The module named Address, created on first mention (Loc becomes its
  /// location); null after reporting an empty address.
  Node *module(llvm::StringRef Address, const char *Loc);

  /// Each returns false after reporting an error at Loc.
  bool setClass(Node &N, const char *Loc, llvm::StringRef ClassName,
                const char *ClassLoc, unsigned Source = 0);
  /// Call counts arrive in first-call order: each module's place in it is
  /// recorded (Node::callOrder).
  bool setCalls(Node &N, const char *Loc, uint64_t Calls);
  bool setOps(Node &N, const char *Loc, uint64_t Ops);
  /// Callee was entered from Caller, and Ops ops ran inside it while nested
  /// there. Loc is the edge's location.
  bool addEdge(Node &Caller, Node &Callee, const char *Loc, uint64_t Ops);
  /// Whether Parent's list of static children was started.
  static bool hasStaticChildren(const Node &Parent);
  /// Starts the list of static children of Parent; children follow with
  /// addStaticChild in list order.
  bool beginStaticChildren(Node &Parent, const char *Loc);
  bool addStaticChild(Node &Child, const char *Loc);
  bool setMetadata(Node &N, const char *Loc, MetadataField Field,
                   std::string CanonicalJSON);

  /// Whole-trace checks. Returns false after reporting the first problem,
  /// in IR terms unless a front end gives its own: NoClassWhy follows
  /// "module 'x' has no class", CycleWhat precedes ": a -> b -> a".
  bool finish(llvm::StringRef NoClassWhy = "",
              llvm::StringRef CycleWhat = "the children lists form a cycle");

private:
  /// A count (What: "call count") of N within 63 bits and not Seen before.
  bool checkCount(const Node &N, const char *Loc, uint64_t V, const char *What,
                  bool Seen);

  CallGraph &G;
  Diagnostics &Diags;
  Node *CurrentParent = nullptr;
  uint32_t CurrentIndex = 0;
  uint32_t NextCallOrder = 0;
  /// Modules given a class by setClass (each counted once).
  size_t ModulesWithClass = 0;
};

// --- Whole-trace invariants, shared by builders and the verifier ----------

/// The module without a class named first in the input, or null.
const Node *findModuleWithoutClass(const CallGraph &G);

/// A module whose chain of static parents comes back to it, or null if the
/// static hierarchy is a forest. It is the link of the cycle that comes
/// first in the input; Cycle spells the cycle (`a -> b -> a`).
const Node *findStaticCycle(const CallGraph &G, std::string &Cycle);

} // namespace dsocr

#endif // DSOCR_IR_TRACEBUILDER_H
