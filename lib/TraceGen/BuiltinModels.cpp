//===- BuiltinModels.cpp - Model descriptions shipped in the binary -------===//
//
// Lookup of the embedded descriptions, and loading by name or path.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/BuiltinModels.h"

#include "dsocr/Support/BuiltinOrFile.h"
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
  const llvm::MemoryBuffer *B = openBuiltinOrFile(
      NameOrPath, "model", builtinModelText(NameOrPath), builtinModelNames(),
      /*AllowStdin=*/true, Diags);
  return B ? parseModelDescription(*B, Diags) : nullptr;
}
