//===- Metadata.h - Tensor metadata and constructor parameters --*- C++ -*-===//
//
// A trace may carry constructor parameters and per-call input and output
// tensors (shape, dtype) of each module. A module node keeps them as the
// trace gave them (canonical JSON); a folded node keeps a summary instead:
//
//  * each constructor parameter with its distinct values, each value with
//    the indices of the group members that have it (one value: all agree);
//  * every distinct call signature (the tensors of a call's inputs and
//    outputs, shapes and dtypes), with the number of calls that had it,
//    which calls of an instance they were (the SAM encoder's call 0 on the
//    local crops, call 1 on the global view) and, on a folded node, which
//    members;
//  * the activation size: bytes of all output tensors over all calls
//    (elements x dtype size), and the number of calls seen.
//
// Summaries are stored in the IR as canonical JSON (`meta={...}`).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_METADATA_H
#define DSOCR_IR_METADATA_H

#include "dsocr/Support/IndexSet.h"

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dsocr {

class Node;

struct TensorInfo {
  std::vector<uint64_t> Shape;
  std::string DType;
  bool operator==(const TensorInfo &O) const {
    return Shape == O.Shape && DType == O.DType;
  }
};

/// The tensors of one call (inputs or outputs).
using CallTensors = std::vector<TensorInfo>;

struct ParamValue {
  std::string JSON; // canonical JSON of the value
  IndexSet Members; // group members with this value; empty on a module
};

/// The tensors one or more calls took and returned, and which calls.
struct CallSignature {
  /// None when the trace recorded no inputs (outputs) for these calls.
  llvm::Optional<CallTensors> Inputs, Outputs;
  /// Calls with this signature, over all instances.
  uint64_t Calls = 0;
  /// Which call of an instance (0-based, in call order) each was.
  IndexSet CallIndices;
  /// On a folded node, the group members that had it; empty on a module.
  IndexSet Members;

  bool sameTensors(const CallSignature &O) const {
    return Inputs == O.Inputs && Outputs == O.Outputs;
  }
};

/// Bytes of one call's tensors (elements x dtype size); Exact becomes false
/// if a dtype has no known size (its tensors count 0).
uint64_t tensorBytes(const CallTensors &T, bool &Exact);

struct MetadataSummary {
  /// Parameter name -> distinct values, sorted by name.
  std::vector<std::pair<std::string, std::vector<ParamValue>>> Params;
  /// Distinct signatures, ordered by their first call index, then their
  /// first member.
  std::vector<CallSignature> Signatures;
  uint64_t ActivationBytes = 0;
  /// False if some output had a dtype of unknown size (not counted).
  bool ActivationExact = true;
  /// Calls whose outputs were seen.
  uint64_t Calls = 0;

  bool empty() const {
    return Params.empty() && Signatures.empty() && Calls == 0;
  }
};

/// Bytes per element of a torch dtype (`torch.bfloat16` -> 2), 0 if unknown.
uint64_t dtypeBytes(llvm::StringRef DType);

/// Checks that V has the shape SPEC.md gives tensor metadata: a list with
/// one `{"tensors": [{"shape": [...], "dtype": "..."}, ...]}` per call
/// (other keys allowed). On failure sets Why.
bool validateTensorMetadata(const boost::json::value &V, std::string &Why);

/// The summary of N: its stored summary if it is a folded node, else the
/// summary of its raw metadata. Empty if N has none.
MetadataSummary summaryOf(const Node &N);

/// Merges the summaries of the instances a folded node stands for; Index is
/// each instance's member index in the group being formed.
MetadataSummary
mergeSummaries(const std::vector<std::pair<uint64_t, MetadataSummary>> &Items);

/// Canonical JSON text of a summary, and back (None if malformed).
std::string summaryToJSON(const MetadataSummary &S);
llvm::Optional<MetadataSummary> summaryFromJSON(const boost::json::value &V);

/// `[1,64,768] bfloat16`, several tensors separated by `, `.
std::string describeTensors(const CallTensors &T);
/// Constructor parameters: `dim=64; heads=4 [0], 8 [1]` (more than four
/// values of one parameter: `12 values`).
std::string describeParams(const MetadataSummary &S);
/// 1536 -> `1.5 KiB`.
std::string describeBytes(uint64_t Bytes);

} // namespace dsocr

#endif // DSOCR_IR_METADATA_H
