//===- BuiltinModels.h - Model descriptions shipped in the binary -*- C++ -*-=//
//
// The descriptions in lib/TraceGen/builtin/ (deepseek-ocr first) are
// embedded at build time, so `dsocr-tracegen -model=deepseek-ocr` needs no
// file. -model also accepts a path to a user's own description.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_BUILTINMODELS_H
#define DSOCR_TRACEGEN_BUILTINMODELS_H

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace dsocr {

class Diagnostics;
struct ModelDescription;

/// Names of the built-in descriptions, default (deepseek-ocr) first.
std::vector<std::string> builtinModelNames();
/// The JSON text of a built-in description, or empty if there is none.
llvm::StringRef builtinModelText(llvm::StringRef Name);

/// Loads a built-in description by name, or else a description file.
std::unique_ptr<ModelDescription>
loadModelDescription(llvm::StringRef NameOrPath, Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_TRACEGEN_BUILTINMODELS_H
