//===- PassRegistry.cpp - Every pass by name ------------------------------===//
//
// The table of registered passes and the default pipeline.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/PassRegistry.h"

using namespace dsocr;

namespace {
template <std::unique_ptr<Pass> (*Create)()> PassInfo describe() {
  static std::unique_ptr<Pass> Sample = Create();
  return {Sample->name(), Sample->description(), Create};
}
} // namespace

llvm::ArrayRef<PassInfo> dsocr::registeredPasses() {
  static const PassInfo Passes[] = {
      describe<createParseEdgesPass>(),
      describe<createDiscoverFamiliesPass>(),
      describe<createFoldForPass>(),
      describe<createFoldParForPass>(),
      describe<createAnnotateStagePass>(),
      describe<createPrunePass>(),
      describe<createVerifyPass>(),
  };
  return Passes;
}

const PassInfo *dsocr::lookupPass(llvm::StringRef Name) {
  for (const PassInfo &P : registeredPasses())
    if (P.Name == Name)
      return &P;
  return nullptr;
}

llvm::ArrayRef<llvm::StringRef> dsocr::defaultPipeline() {
  static const llvm::StringRef Pipeline[] = {
      "parse-edges", "discover-families", "fold-for",
      "fold-parfor", "annotate-stage",    "prune"};
  return Pipeline;
}
