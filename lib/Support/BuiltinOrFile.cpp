//===- BuiltinOrFile.cpp - Inputs named by a built-in name or a path ------===//
//
// Opens a built-in text or a file as a buffer of Diagnostics.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/BuiltinOrFile.h"

#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;

const llvm::MemoryBuffer *dsocr::openBuiltinOrFile(
    llvm::StringRef NameOrPath, llvm::StringRef Kind,
    llvm::StringRef BuiltinText, llvm::ArrayRef<std::string> BuiltinNames,
    bool AllowStdin, Diagnostics &Diags) {
  if (!BuiltinText.empty())
    return Diags.addBuffer(
        llvm::MemoryBuffer::getMemBuffer(BuiltinText, "<builtin>", false),
        "<builtin " + Kind.str() + " " + NameOrPath.str() + ">");
  auto BufOrErr =
      AllowStdin ? llvm::MemoryBuffer::getFileOrSTDIN(
                       NameOrPath, /*IsText=*/false,
                       /*RequiresNullTerminator=*/false)
                 : llvm::MemoryBuffer::getFile(NameOrPath, /*IsText=*/false,
                                               /*RequiresNullTerminator=*/false);
  if (!BufOrErr) {
    Diags.error(nullptr, "cannot load " + Kind + " '" + NameOrPath +
                             "': it is not a built-in " + Kind + " (" +
                             llvm::join(BuiltinNames, ", ") +
                             ") and the file cannot be read: " +
                             BufOrErr.getError().message());
    return nullptr;
  }
  return Diags.addBuffer(std::move(*BufOrErr), NameOrPath);
}
