//===- BuiltinModels.cpp - Model descriptions shipped in the binary -------===//
//
// Lookup of the embedded descriptions, and loading by name or path.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/BuiltinModels.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/EmbeddedFiles.h"
#include "dsocr/TraceGen/ModelDescription.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;
using llvm::StringRef;

namespace {
// Generated from lib/TraceGen/builtin/*.json (lib/TraceGen/CMakeLists.txt).
#include "BuiltinModels.inc"
constexpr EmbeddedFiles Builtins(BuiltinModels, "model");
} // namespace

std::vector<std::string> dsocr::builtinModelNames() { return Builtins.names(); }

StringRef dsocr::builtinModelText(StringRef Name) {
  return Builtins.text(Name);
}

std::unique_ptr<ModelDescription>
dsocr::loadModelDescription(StringRef NameOrPath, Diagnostics &Diags) {
  const llvm::MemoryBuffer *B =
      Builtins.open(NameOrPath, /*AllowStdin=*/true, Diags);
  return B ? parseModelDescription(*B, Diags) : nullptr;
}
