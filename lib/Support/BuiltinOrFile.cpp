//===- BuiltinOrFile.cpp - Inputs named by a built-in name or a path ------===//
//
// Opens a built-in text or a file as a buffer of Diagnostics.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/BuiltinOrFile.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/InputFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;

const llvm::MemoryBuffer *
dsocr::openBuiltinOrFile(llvm::StringRef NameOrPath, llvm::StringRef Kind,
                         llvm::StringRef BuiltinText,
                         llvm::ArrayRef<std::string> BuiltinNames,
                         bool AllowStdin, Diagnostics &Diags) {
  if (!BuiltinText.empty())
    return Diags.addBuffer(
        llvm::MemoryBuffer::getMemBuffer(BuiltinText, "<builtin>", false),
        "<builtin " + Kind.str() + " " + NameOrPath.str() + ">");
  // Profiles and descriptions are a few kilobytes of text: a limit far
  // above that keeps `-profile=/dev/zero` from reading without end.
  constexpr uint64_t MaxBytes = uint64_t(64) << 20;
  InputError Error;
  // Without AllowStdin, `-` is a file of that name.
  std::unique_ptr<llvm::MemoryBuffer> Buf = readInputFile(
      !AllowStdin && NameOrPath == "-" ? llvm::StringRef("./-") : NameOrPath,
      {MaxBytes, MaxBytes}, Error);
  if (!Buf) {
    if (Error.K == InputError::TooLarge)
      Diags.error(nullptr, "cannot load " + Kind + " '" + NameOrPath +
                               "': it " + Error.Reason + " for a " + Kind);
    else
      Diags.error(nullptr,
                  "cannot load " + Kind + " '" + NameOrPath +
                      "': it is not a built-in " + Kind + " (" +
                      llvm::join(BuiltinNames, ", ") +
                      ") and the file cannot be read: " + Error.Reason);
    return nullptr;
  }
  return Diags.addBuffer(std::move(Buf), NameOrPath);
}
