//===- BuiltinOrFile.h - Inputs named by a built-in name or a path -*- C++ -*-===//
//
// Profiles and model descriptions are given as the name of one embedded in
// the binary or as a file: this opens either as a buffer of Diagnostics, so
// that errors in it point at its lines.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_BUILTINORFILE_H
#define DSOCR_SUPPORT_BUILTINORFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class Diagnostics;

/// The built-in text BuiltinText (when not empty) or else the file at
/// NameOrPath (`-` for standard input when AllowStdin), added to Diags.
/// Kind names what it is in messages (`profile`, `model`); BuiltinNames
/// are listed when neither exists. A file (or stream) over 64 MiB is
/// refused (see InputFile.h). Returns null after an error.
const llvm::MemoryBuffer *
openBuiltinOrFile(llvm::StringRef NameOrPath, llvm::StringRef Kind,
                  llvm::StringRef BuiltinText,
                  llvm::ArrayRef<std::string> BuiltinNames, bool AllowStdin,
                  Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_SUPPORT_BUILTINORFILE_H
