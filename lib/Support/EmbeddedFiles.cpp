//===- EmbeddedFiles.cpp - Data files built into the binary ---------------===//
//
// Lookup by name, and opening a built-in name or a path.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/EmbeddedFiles.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/InputFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;
using llvm::StringRef;

std::vector<std::string> EmbeddedFiles::names() const {
  std::vector<std::string> Names;
  for (const EmbeddedFile &F : Files)
    Names.push_back(F.Name);
  return Names;
}

StringRef EmbeddedFiles::text(StringRef Name) const {
  for (const EmbeddedFile &F : Files)
    if (Name == F.Name)
      return F.Text;
  return StringRef();
}

const llvm::MemoryBuffer *EmbeddedFiles::open(StringRef NameOrPath,
                                              bool AllowStdin,
                                              Diagnostics &Diags) const {
  if (StringRef Text = text(NameOrPath); !Text.empty())
    return Diags.addBuffer(
        llvm::MemoryBuffer::getMemBuffer(Text, "<builtin>", false),
        "<builtin " + Kind.str() + " " + NameOrPath.str() + ">");
  // Profiles and descriptions are a few kilobytes of text: a limit far
  // above that keeps `-profile=/dev/zero` from reading without end.
  constexpr uint64_t MaxBytes = uint64_t(64) << 20;
  InputError Error;
  // Without AllowStdin, `-` is a file of that name.
  std::unique_ptr<llvm::MemoryBuffer> Buf = readInputFile(
      !AllowStdin && NameOrPath == "-" ? StringRef("./-") : NameOrPath,
      {MaxBytes, MaxBytes}, Error);
  if (!Buf) {
    if (Error.K == InputError::TooLarge)
      Diags.error(nullptr, "cannot load " + Kind + " '" + NameOrPath +
                               "': it " + Error.Reason + " for a " + Kind);
    else
      Diags.error(nullptr, "cannot load " + Kind + " '" + NameOrPath +
                               "': it is not a built-in " + Kind + " (" +
                               llvm::join(names(), ", ") +
                               ") and the file cannot be read: " +
                               Error.Reason);
    return nullptr;
  }
  return Diags.addBuffer(std::move(Buf), NameOrPath);
}
