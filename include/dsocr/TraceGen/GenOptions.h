//===- GenOptions.h - What a trace generation run may change ----*- C++ -*-===//
//
// The knobs of dsocr-tracegen that are not part of a description: parameter
// overrides (`-layers=61` sets the description's parameter `layers`), the
// routing seed, a routing override (`-uncalled=N`), whether tensor
// metadata is written and the order of the entries in each section.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_GENOPTIONS_H
#define DSOCR_TRACEGEN_GENOPTIONS_H

#include "llvm/ADT/Optional.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dsocr {

/// The order of the entries in each section (the content is the same).
enum class SectionOrder {
  /// Depth first, as TorchLens writes them: each module, then its subtree.
  DepthFirst,
  /// The same, except that the elements of every innermost list (a list
  /// whose element classes register no list, such as the experts of a MoE
  /// layer) are written column by column: every element's own entry, then
  /// the same descendant of every element in turn (all experts' gate_proj,
  /// then all up_proj, ...).
  Column,
};

struct GenOptions {
  /// Parameter name -> value; replaces the description's value (later
  /// parameters computed from it follow).
  std::vector<std::pair<std::string, int64_t>> ParamOverrides;
  /// Replaces the description's seed.
  llvm::Optional<uint64_t> Seed;
  /// Every route step leaves exactly this many members uncalled per call,
  /// whatever the description says.
  llvm::Optional<uint64_t> UncalledPerCall;
  /// Write constructor_params, input_metadata and output_metadata.
  bool Metadata = false;
  /// Write the description's events as `runtime_events`.
  bool Events = false;
  SectionOrder Order = SectionOrder::DepthFirst;
};

} // namespace dsocr

#endif // DSOCR_TRACEGEN_GENOPTIONS_H
