//===- Pass.h - Passes over the call-graph IR -------------------*- C++ -*-===//
//
// A pass is a small class with a run() method, in the manner of LLVM's new
// pass manager; its name, description, the IR it needs and its parameters
// are written once, in Passes.def. PassContext carries what passes share:
// diagnostics, the model profile and the options of this run (the flags,
// with the pass's own parameters from the pipeline text applied).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASS_H
#define DSOCR_PASSES_PASS_H

#include "llvm/ADT/Optional.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class CallGraph;
class Diagnostics;
struct Profile;

/// Options of the grouping passes: the command-line flags of the same names
/// set them for every pass, a pass's parameters in the pipeline text
/// (Passes.def) for that pass alone.
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

/// What a pass needs of the IR; the pass manager checks it before run().
enum class PassNeeds {
  Trace,            // the trace form (before parse-edges)
  Tree,             // the call tree
  TreeWithFamilies, // the call tree, after discover-families
  Any               // either form
};

class Pass {
public:
  virtual ~Pass();
  /// Returns false after reporting an error through Ctx.Diags.
  virtual bool run(CallGraph &G, PassContext &Ctx) = 0;
};

} // namespace dsocr

#endif // DSOCR_PASSES_PASS_H
