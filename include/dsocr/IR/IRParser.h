//===- IRParser.h - Reading the textual call-graph IR -----------*- C++ -*-===//
//
// Parses the syntax of docs/IR.md (both the trace form and the tree form)
// into a CallGraph. Errors are reported through Diagnostics at the offending
// token, as `file:line:col: error: ...`.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_IRPARSER_H
#define DSOCR_IR_IRPARSER_H

#include "llvm/ADT/StringRef.h"

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class CallGraph;
class Diagnostics;

/// Deepest nesting of `{ }` blocks the parser accepts.
constexpr unsigned MaxIRNesting = 4096;

/// True if Text looks like IR rather than JSON: after blank space and `//`
/// comments it starts with a letter.
bool looksLikeIR(llvm::StringRef Text);

/// Parses Buffer, which must be registered with Diags, into the empty graph
/// G. Returns false after reporting an error.
bool parseIR(const llvm::MemoryBuffer &Buffer, CallGraph &G,
             Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_IR_IRPARSER_H
