//===- DiffModel.h - A grouped tree as dsocr-diff compares it ---*- C++ -*-===//
//
// dsocr-diff compares two grouped trees whatever they came from: a trace or
// IR run through a pipeline (a CallGraph in tree form), or a grouped JSON
// file written earlier (docs/JSONSchema.md). Both become a DiffModel: per
// node of the tree, in tree order, the facts a change report is made of,
// each in one spelling so that the same grouping read either way compares
// equal.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DIFF_DIFFMODEL_H
#define DSOCR_DIFF_DIFFMODEL_H

#include "dsocr/IR/RuntimeEvents.h"

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class CallGraph;
class Diagnostics;
class JValue;

/// One distinct call signature: `[4,3,640,640] bfloat16 -> [4,1024,10,10]
/// bfloat16`, and how many calls had it.
struct DiffSignature {
  std::string Text;
  uint64_t Calls = 0;
};

struct DiffNode {
  std::string Path;    // address or pattern; a stage line's name
  std::string Class;   // empty for a stage line
  std::string Kind;    // module, for, parfor, stage
  uint64_t Count = 0;  // members of a group
  uint64_t Repeat = 0; // parfor k of repeated calls
  uint64_t Calls = 0;
  std::string PerCall; // `2`, `1/2`, `mixed`; empty when unknown
  uint64_t Ops = 0;    // inclusive
  uint64_t Instances = 1, Active = 1;
  std::vector<std::string> Inactive; // never-called instances
  std::vector<std::string> Variants; // variantKey of each
  std::vector<std::string> Notes;
  std::vector<DiffSignature> Signatures;
  /// Bytes of the output tensors over all calls, when the trace had them.
  uint64_t Bytes = 0;
  bool HaveBytes = false;
  std::string Stage;  // empty: none
  unsigned Depth = 0; // 1 under the root
  std::string Parent; // path of the caller, empty under the root
  /// Index of the caller in DiffModel::Nodes; NoParent under the root.
  size_t ParentIndex = NoParent;
  static constexpr size_t NoParent = ~size_t(0);

  /// `Block @ sam_model.blocks.[0-11]`, `vision stage`.
  std::string title() const;
  /// `for 12`, `parfor 2`, `for 61, parfor 100`, or empty.
  std::string loop() const;
};

/// The totals of one stage (annotate-stage), as the grouped JSON's
/// `metadata.stages` has them.
struct DiffStage {
  std::string Name; // empty: the nodes of no stage
  uint64_t Modules = 0, Calls = 0, Ops = 0, Bytes = 0;
  bool HaveBytes = false;
};

struct DiffModel {
  std::string Source;  // the input's file name
  std::string Profile; // the profile it was grouped with
  std::vector<std::string> Pipeline;
  uint64_t TotalCalls = 0, TotalOps = 0;
  std::vector<DiffStage> Stages;
  /// The run's events (RuntimeEvents.h), in order.
  std::vector<RuntimeEvent> Events;
  std::vector<DiffNode> Nodes; // pre-order, without the root
};

/// The model of G, in tree form.
DiffModel diffModelOf(const CallGraph &G);

/// Reads a grouped JSON document (schema dsocr-call-graph-grouped, version
/// 2) into M; false after reporting the first problem at its value.
bool readGroupedJSON(const JValue &Doc, DiffModel &M, Diagnostics &Diags);

/// True if Text looks like grouped JSON (its `schema` comes first, as
/// dsocr-opt writes it).
bool looksLikeGroupedJSON(llvm::StringRef Text);

/// A variant in one spelling: `[2,5,8,11] 120 ops; mlp: DeepseekV2MLP;
/// global attention`.
std::string variantKey(llvm::StringRef Members, uint64_t OpsMin,
                       uint64_t OpsMax, const std::vector<std::string> &Differs,
                       const std::vector<std::string> &Notes);

} // namespace dsocr

#endif // DSOCR_DIFF_DIFFMODEL_H
