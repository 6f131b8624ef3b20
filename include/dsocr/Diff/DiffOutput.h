//===- DiffOutput.h - dsocr-diff's reports ----------------------*- C++ -*-===//
//
// The report of a DiffResult: Markdown for a person (the default; one
// section per changed node, in tree order, then the nodes only in one
// side), or JSON for tools (schema `dsocr-diff`, version 1, docs/Diff.md).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DIFF_DIFFOUTPUT_H
#define DSOCR_DIFF_DIFFOUTPUT_H

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

struct DiffResult;

/// The version of the dsocr-diff JSON schema (docs/Diff.md).
constexpr unsigned DiffJSONSchemaVersion = 1;

void writeDiffMarkdown(const DiffResult &D, llvm::raw_ostream &OS);
void writeDiffJSON(const DiffResult &D, llvm::raw_ostream &OS);

} // namespace dsocr

#endif // DSOCR_DIFF_DIFFOUTPUT_H
