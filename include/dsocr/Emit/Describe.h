//===- Describe.h - Human-readable phrases for nodes ------------*- C++ -*-===//
//
// The phrases every human-facing output (Markdown, DOT, Mermaid, HTML) uses
// for a node, so they say the same thing: its title `Class @ pattern`, its
// loop `for 12` / `parfor 64` / `for 61, parfor 100`, remarks (notes,
// variants, never-called members), its constructor parameters, and the
// tooltip and statistics line of the pictures.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_EMIT_DESCRIBE_H
#define DSOCR_EMIT_DESCRIBE_H

#include "dsocr/Support/Address.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class Node;
struct CallSignature;
struct MetadataSummary;
struct Variant;

/// `Block @ sam_model.blocks.[0-11]`; a line of the stage view: `vision
/// stage`.
std::string nodeTitle(const Node &N);
/// `for 12`, `parfor 2`, `for 61, parfor 100`; empty for a plain call.
std::string loopText(const Node &N);
/// `[2,5,8,11] 120 ops, global attention`.
std::string variantText(const Variant &V,
                        IndexStyle Style = IndexStyle::Decimal,
                        MemberNameList Names = {});
/// Short remarks: notes, variants, called/never-called members.
std::vector<std::string> nodeRemarks(const Node &N);
/// One short line for pictures (at most about MaxChars characters): notes,
/// called members, variant member sets.
std::string shortRemark(const Node &N, size_t MaxChars = 64);
/// Which calls of a node had signature Sig (of the node's summary S):
/// `call 1`, `members 2,5,8,11`, both (`call 0 of members 0-3`), or
/// nothing when every call of every member had it.
std::string whichCalls(const CallSignature &Sig, const MetadataSummary &S,
                       const Node &N);
/// The tooltip of a node in the pictures: title, loop, calls, ops, stage,
/// parameters, input and output tensors, activations and remarks, one per
/// line (`\n`); the root's starts at its calls (it has no title of its
/// own). InclusiveOps: the node's inclusive ops (its own and its
/// descendants'), which the caller computes once for the whole tree.
std::string nodeTooltip(const Node &N, uint64_t InclusiveOps);
/// A short statistics line: `24 calls, 3,072 ops` (inclusive), and the
/// distinct output tensors (`out [1,64,768] bfloat16`) when the line stays
/// within MaxChars (else, for several, how many); empty for a node never
/// called.
std::string statsLine(const Node &N, uint64_t InclusiveOps,
                      size_t MaxChars = 60);
/// Compresses concrete addresses that differ only in their last index:
/// `a.2.x.19`, `a.2.x.58`, `a.3.x.53` -> `a.2.x.[19,58], a.3.x.53`.
std::string compressAddresses(const std::vector<std::string> &Addresses);
/// 12345678 -> `12,345,678`.
std::string withThousands(uint64_t V);

} // namespace dsocr

#endif // DSOCR_EMIT_DESCRIBE_H
