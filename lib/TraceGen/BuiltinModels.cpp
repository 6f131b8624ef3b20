//===- BuiltinModels.cpp - Model descriptions shipped in the binary -------===//
//
// Lookup of the embedded descriptions, and loading by name or path.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/BuiltinModels.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/TraceGen/ModelDescription.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;
using llvm::StringRef;

namespace {
struct BuiltinModel {
  const char *Name;
  const char *Text;
};
// Generated from lib/TraceGen/builtin/*.json by CMake.
#include "BuiltinModels.inc"
} // namespace

std::vector<std::string> dsocr::builtinModelNames() {
  std::vector<std::string> Names;
  for (const BuiltinModel &M : BuiltinModels)
    Names.push_back(M.Name);
  return Names;
}

StringRef dsocr::builtinModelText(StringRef Name) {
  for (const BuiltinModel &M : BuiltinModels)
    if (Name == M.Name)
      return M.Text;
  return StringRef();
}

std::unique_ptr<ModelDescription>
dsocr::loadModelDescription(StringRef NameOrPath, Diagnostics &Diags) {
  StringRef Text = builtinModelText(NameOrPath);
  if (!Text.empty()) {
    auto Buf = llvm::MemoryBuffer::getMemBuffer(Text, "<builtin>", false);
    const llvm::MemoryBuffer *B = Diags.addBuffer(
        std::move(Buf), "<builtin model " + NameOrPath.str() + ">");
    return parseModelDescription(*B, Diags);
  }
  auto BufOrErr = llvm::MemoryBuffer::getFileOrSTDIN(
      NameOrPath, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!BufOrErr) {
    std::string Names;
    for (const std::string &N : builtinModelNames())
      Names += (Names.empty() ? "" : ", ") + N;
    Diags.error(nullptr, "cannot load model '" + NameOrPath +
                             "': it is not a built-in model (" + Names +
                             ") and the file cannot be read: " +
                             BufOrErr.getError().message());
    return nullptr;
  }
  const llvm::MemoryBuffer *B =
      Diags.addBuffer(std::move(*BufOrErr), NameOrPath);
  return parseModelDescription(*B, Diags);
}
