//===- PassRegistry.h - Every pass by name ----------------------*- C++ -*-===//
//
// The registry maps pass names (as written in -passes=) to constructors and
// knows the default pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASSREGISTRY_H
#define DSOCR_PASSES_PASSREGISTRY_H

#include "dsocr/Passes/Pass.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace dsocr {

struct PassInfo {
  llvm::StringRef Name;
  llvm::StringRef Description;
  std::unique_ptr<Pass> (*Create)();
};

/// Every registered pass, in pipeline order.
llvm::ArrayRef<PassInfo> registeredPasses();
/// The pass named Name, or null.
const PassInfo *lookupPass(llvm::StringRef Name);
/// The passes run when -passes is not given.
llvm::ArrayRef<llvm::StringRef> defaultPipeline();

// Constructors of the individual passes.
std::unique_ptr<Pass> createParseEdgesPass();
std::unique_ptr<Pass> createVerifyPass();
std::unique_ptr<Pass> createDiscoverFamiliesPass();
std::unique_ptr<Pass> createFoldForPass();
std::unique_ptr<Pass> createFoldParForPass();
std::unique_ptr<Pass> createAnnotateStagePass();
std::unique_ptr<Pass> createPrunePass();

} // namespace dsocr

#endif // DSOCR_PASSES_PASSREGISTRY_H
