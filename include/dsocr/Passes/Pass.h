//===- Pass.h - Passes over the call-graph IR -------------------*- C++ -*-===//
//
// A pass is a small class with a name, a one-line description, the form of
// IR it needs and a run() method, in the manner of LLVM's new pass manager.
// PassContext carries what passes share: diagnostics, the model profile and
// the options of this run.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASS_H
#define DSOCR_PASSES_PASS_H

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class CallGraph;
class Diagnostics;
struct Profile;

/// Options of the grouping passes (command-line flags of the same names).
struct PassOptions {
  /// Fewest members an indexed family needs to be folded.
  unsigned MinFamilySize = 2;
  /// Smallest k for which a module called k times per caller call is
  /// marked `parfor k`.
  unsigned MinParFor = 2;
  /// Most op-count variants listed for one group before they are summarised
  /// as a range.
  unsigned MaxOpVariants = 4;
  /// Prune settings; unset ones fall back to the profile's defaults.
  llvm::Optional<unsigned> PruneDepth;
  llvm::Optional<bool> PruneLeaves;
  llvm::Optional<uint64_t> PruneMinOps;
  std::vector<std::string> PrunePatterns;
  /// Threads a pass may use (0: one per core).
  unsigned Threads = 0;
  /// Work (in nodes) below which a pass does not bother with threads.
  size_t ParallelFrom = 100000;
};

struct PassContext {
  Diagnostics &Diags;
  const Profile &Prof;
  PassOptions Options;
};

/// The form of IR a pass works on.
enum class IRForm { Trace, Tree, Any };

class Pass {
public:
  virtual ~Pass();
  virtual llvm::StringRef name() const = 0;
  virtual llvm::StringRef description() const = 0;
  /// The form the pass needs; the pass manager checks it before run().
  virtual IRForm needs() const { return IRForm::Tree; }
  /// True if the pass needs discover-families to have run.
  virtual bool needsFamilies() const { return false; }
  /// Returns false after reporting an error through Ctx.Diags.
  virtual bool run(CallGraph &G, PassContext &Ctx) = 0;
};

} // namespace dsocr

#endif // DSOCR_PASSES_PASS_H
