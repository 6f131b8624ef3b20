//===- TraceReader.h - Reading TorchLens call-graph JSON --------*- C++ -*-===//
//
// Streams a TorchLens call-graph trace (SPEC.md section 2) straight into the
// trace form of a CallGraph with Boost.JSON's SAX parser: no JSON DOM is
// built, addresses are interned once. Semantic errors (a negative count, an
// edge key without `->`, a module without a class, a cycle in
// module_children) are reported at the offending value as
// `file:line:col: error: ...`.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACE_TRACEREADER_H
#define DSOCR_TRACE_TRACEREADER_H

#include <cstdint>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class CallGraph;
class Diagnostics;

/// Deepest JSON nesting accepted in a trace (metadata values included).
constexpr unsigned MaxTraceNesting = 64;

/// Reads Buffer (registered with Diags) into the empty graph G. Returns
/// false after reporting the first error.
bool readTrace(const llvm::MemoryBuffer &Buffer, CallGraph &G,
               Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_TRACE_TRACEREADER_H
