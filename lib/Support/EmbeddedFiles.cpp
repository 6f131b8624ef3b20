//===- EmbeddedFiles.cpp - Data files built into the binary ---------------===//
//
// Lookup by name, and opening a built-in name or a path.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/EmbeddedFiles.h"

#include "dsocr/Support/Diagnostics.h"

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
  auto BufOrErr =
      AllowStdin
          ? llvm::MemoryBuffer::getFileOrSTDIN(NameOrPath, /*IsText=*/false,
                                               /*RequiresNullTerminator=*/false)
          : llvm::MemoryBuffer::getFile(NameOrPath, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr) {
    Diags.error(
        nullptr,
        "cannot load " + Kind + " '" + NameOrPath + "': it is not a built-in " +
            Kind + " (" + llvm::join(names(), ", ") +
            ") and the file cannot be read: " + BufOrErr.getError().message());
    return nullptr;
  }
  return Diags.addBuffer(std::move(*BufOrErr), NameOrPath);
}
