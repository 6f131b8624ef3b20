//===- Variants.h - What tells the members of a group apart -----*- C++ -*-===//
//
// A folded group lists as variants the members whose subtrees differ from
// the rest. A variant must name a difference a reader can see: structure
// (`mlp: DeepseekV2MLP`), op count, or -- where the trace gives constructor
// parameters -- the parameters that differ (`conv1.in_channels=96`).
// Variants that would read the same are one variant.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_VARIANTS_H
#define DSOCR_PASSES_VARIANTS_H

#include "dsocr/IR/Node.h"

#include <string>
#include <utility>
#include <vector>

namespace dsocr {

/// Splits Variants (disjoint sets of Members' indices) where the members'
/// constructor parameters differ, naming in each variant's Differs the
/// parameters that set it apart. With more than MaxVariants sets of
/// parameters, the variants are left as they are and a note on the group
/// (added to GroupNotes) says which parameters vary and over what range.
void addParamVariants(std::vector<Variant> &Variants,
                      const std::vector<std::pair<uint64_t, Node *>> &Members,
                      unsigned MaxVariants,
                      std::vector<std::string> &GroupNotes);

/// Merges variants that differ in nothing shown (the same differences, op
/// counts and notes), keeping them ordered by their smallest member.
void mergeAlikeVariants(std::vector<Variant> &Variants);

} // namespace dsocr

#endif // DSOCR_PASSES_VARIANTS_H
