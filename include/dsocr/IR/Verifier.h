//===- Verifier.h - Invariants of the call-graph IR -------------*- C++ -*-===//
//
// Checks what every pass must preserve: the tree is a tree, counts conserve
// the trace's total calls and ops, group members and variants are in range,
// per-call ratios agree with call counts. On the trace form it checks what
// TraceBuilder checks while reading (every module has a class and a unique,
// well-formed address, counts fit in 63 bits, no module is its own caller
// or has a caller twice, the children lists have no cycle). Runs as the
// `verify` pass, after every pass under -verify-each, and in tests.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_VERIFIER_H
#define DSOCR_IR_VERIFIER_H

namespace dsocr {

class CallGraph;
class Diagnostics;

/// Returns true if G is well formed; otherwise reports the first broken
/// invariant (at the node's IR location when it has one) and returns false.
bool verifyCallGraph(const CallGraph &G, Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_IR_VERIFIER_H
