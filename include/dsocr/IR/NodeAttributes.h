//===- NodeAttributes.h - The attributes of a tree-form node ----*- C++ -*-===//
//
// One table lists every `name=value` attribute of a tree-form node line
// (docs/IR.md, "Node attributes"): on which nodes it may appear, when it is
// printed, how its value is printed and parsed, and what it means. The IR
// printer, the IR parser and the table in docs/IR.md all come from it, so
// adding a node field means adding one entry (and a unit test checks that
// the documentation matches the table).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_NODEATTRIBUTES_H
#define DSOCR_IR_NODEATTRIBUTES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class CallGraph;
class IRParserBase;
class Node;

/// Node kinds as a bit mask, for where an attribute may appear.
enum NodeKindMask : uint8_t {
  OnRoot = 1,
  OnModule = 2,
  OnGroup = 4,
  OnStage = 8,
  OnNonRoot = OnModule | OnGroup | OnStage,
  OnAll = OnRoot | OnModule | OnGroup | OnStage
};
uint8_t nodeKindBit(const Node &N);

struct NodeAttribute {
  const char *Name;
  /// The kinds of node the attribute may appear on.
  uint8_t On;
  /// The kinds of node that must have it.
  uint8_t Required;
  /// How its value is spelled, for docs/IR.md: `N`, `[SET]`, `JSON`.
  const char *Syntax;
  /// What it means, for docs/IR.md. Null: it shares the row (and meaning)
  /// of the attribute before it (`total_calls=N total_ops=N`).
  const char *Meaning;
  /// Whether the printer writes it for N (default values are left out).
  bool (*IsSet)(const Node &N, const CallGraph &G);
  /// Writes the value (after `name=`).
  void (*Print)(llvm::raw_ostream &OS, const Node &N, const CallGraph &G);
  /// Reads the value into N; false after reporting an error.
  bool (*Parse)(IRParserBase &P, Node &N);
};

/// Every node attribute, in printed order.
llvm::ArrayRef<NodeAttribute> nodeAttributes();

/// The entry named Name that may appear on N, or null.
const NodeAttribute *findNodeAttribute(llvm::StringRef Name, const Node &N);

/// Writes the attribute table of docs/IR.md (Markdown, one row per entry or
/// run of entries sharing a meaning).
void writeNodeAttributeDocs(llvm::raw_ostream &OS);

} // namespace dsocr

#endif // DSOCR_IR_NODEATTRIBUTES_H
