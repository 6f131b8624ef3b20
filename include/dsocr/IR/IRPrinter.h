//===- IRPrinter.h - Textual form of the call-graph IR ----------*- C++ -*-===//
//
// Prints a CallGraph in the syntax of docs/IR.md. The output is canonical:
// IRParser reads it back to an equal graph and printing that again gives the
// same bytes.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_IRPRINTER_H
#define DSOCR_IR_IRPRINTER_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class CallGraph;
class Node;

/// Prints the whole graph: the trace form before parse-edges, the tree form
/// after.
void printIR(const CallGraph &G, llvm::raw_ostream &OS);

/// Writes S as an IR string literal with quotes and escapes.
void printIRString(llvm::raw_ostream &OS, llvm::StringRef S);
/// Writes `["a", "b"]`.
void printIRStringList(llvm::raw_ostream &OS,
                       const std::vector<std::string> &List);

} // namespace dsocr

#endif // DSOCR_IR_IRPRINTER_H
