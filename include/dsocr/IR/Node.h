//===- Node.h - A node of the call-graph IR ---------------------*- C++ -*-===//
//
// A node is the implicit root, one module instance, or a folded group that
// stands for several instances (a `for N` depth stack, a `parfor N` fan-out,
// or a body node inside one, whose address is a pattern such as
// `sam_model.blocks.[0-11].attn`). The stage view (collapse-stages) adds a
// fourth kind: a stage node under the root, named after its stage, whose
// children are the stage's top-level modules; it is no module of the trace,
// so its own calls and ops are not the trace's. Counts on a node are sums over the
// instances it stands for. Rarely used fields live in NodeExtra, allocated on
// first use, so that a trace of millions of modules stays small.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_NODE_H
#define DSOCR_IR_NODE_H

#include "dsocr/IR/PerCall.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/IndexSet.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dsocr {

class Node;

enum class NodeKind : uint8_t { Root, Module, Group, Stage };

/// How a group repeats its members.
enum class FoldKind : uint8_t { None, For, ParFor };
llvm::StringRef foldKindName(FoldKind K); // "", "for", "parfor"

/// An indexed sibling family found by discover-families, recorded on the
/// parent until fold-for or fold-parfor consumes it.
struct Family {
  std::string Base; // `sam_model.blocks`, or a pattern inside a body
  std::string Stem; // members are Base.StemIndex: `` for list indices,
  IndexStyle Style = IndexStyle::Decimal; // `encoder_layer_`, `Mixed_6`
  std::vector<std::string> Names;         // Listed: the member names, by index
  std::string ClassName;                  // every member has this class
  FoldKind Kind = FoldKind::None;         // For: depth stack; ParFor: fan-out
  IndexSet Members;   // this homogeneous run (same class, in index order)
  IndexSet Inactive;  // members with no called instance
  std::string Reason; // why it is a fan-out, or empty
  std::string Note;   // a note for the folded group (from the profile)
  std::vector<IndexSet> Shapes; // active members partitioned by structure
  const char *Loc = nullptr;
};

/// A subset of a group's members whose subtrees differ from the rest, in
/// structure or in op count.
struct Variant {
  IndexSet Members;
  uint64_t OpsMin = 0; // inclusive ops of one member (min and max over the
  uint64_t OpsMax = 0; // variant's members)
  std::vector<std::string> Differs; // `mlp: DeepseekV2MLP`
  std::vector<std::string> Notes;
  const char *Loc = nullptr;
};

/// A dynamic caller recorded from an edge `P->C` before parse-edges.
struct EdgeRef {
  Node *Caller = nullptr;
  uint64_t Ops = 0; // the edge weight: ops inside C while nested in P
  const char *Loc = nullptr;
};

/// Tensor metadata and constructor parameters as canonical JSON text: as
/// the trace gave them on a module, summarised on a folded node (see
/// IR/Metadata.h).
struct NodeMetadata {
  std::string Params;  // object: name -> value
  std::string Inputs;  // array, one entry per call
  std::string Outputs; // array, one entry per call
  std::string Summary; // folded nodes: a MetadataSummary
  bool empty() const {
    return Params.empty() && Inputs.empty() && Outputs.empty() &&
           Summary.empty();
  }
};

/// Fields most nodes never need.
struct NodeExtra {
  // Group fields: instances stood for, `for N` / `parfor N` count.
  uint64_t Instances = 1;
  uint64_t Count = 0;
  // `parfor k` of a module called k > 1 times per caller call.
  uint64_t Repeat = 0;
  IndexSet Members;
  // How a group's members are named (Family::Stem, Family::Style).
  std::string MemberStem;
  IndexStyle MemberStyle = IndexStyle::Decimal;
  std::vector<std::string> MemberNames; // Family::Names
  // Why a `parfor N` group is a fan-out (Family::Reason).
  std::string FanOutReason;
  std::vector<Variant> Variants;
  // Concrete addresses of instances that were never called.
  std::vector<std::string> Inactive;
  // Families among the children, recorded by discover-families.
  std::vector<Family> Families;
  std::vector<std::string> Notes;
  // Callers of a module with several dynamic parents.
  std::vector<std::string> SharedBy;
  NodeMetadata Meta;
  // What prune removed below this node.
  uint64_t HiddenNodes = 0, HiddenCalls = 0, HiddenOps = 0;
  // Trace form: further dynamic callers beyond the first.
  std::vector<EdgeRef> MoreCallers;
  // Root only: totals of the trace, conserved by every pass.
  uint64_t TotalCalls = 0, TotalOps = 0;
  // Root only: per-stage totals (annotate-stage), canonical JSON.
  std::string StageTotals;
  // Stage nodes only: calls, ops and activation bytes of the line's
  // modules and everything below them (collapse-stages), canonical JSON.
  std::string LineTotals;
  bool HaveTotals = false;
  bool FamiliesDiscovered = false;
};

class Node {
public:
  Node(NodeKind Kind, llvm::StringRef Address, llvm::StringRef ClassName,
       uint32_t Id)
      : KindBits(uint8_t(Kind)), FoldBits(uint8_t(FoldKind::None)),
        HasClass(false), HasCallCount(false), HasOpCount(false), Id(Id),
        Address(Address), ClassName(ClassName) {}
  // (see the layout note by the fields)
  Node(const Node &) = delete;
  Node &operator=(const Node &) = delete;

  NodeKind kind() const { return NodeKind(KindBits); }
  /// Dense number of the node in its graph, for side tables.
  uint32_t id() const { return Id; }
  bool isRoot() const { return kind() == NodeKind::Root; }
  bool isGroup() const { return kind() == NodeKind::Group; }
  bool isStage() const { return kind() == NodeKind::Stage; }
  void setKind(NodeKind K) { KindBits = uint8_t(K); }

  // Identity.
  llvm::StringRef address() const { return Address; }
  void setAddress(llvm::StringRef A) { Address = A; }
  llvm::StringRef className() const { return ClassName; }
  void setClassName(llvm::StringRef C) { ClassName = C; }
  bool hasClass() const { return HasClass; }
  void setHasClass(bool B) { HasClass = B; }

  // Counts (sums over instances).
  uint64_t calls() const { return Calls; }
  void setCalls(uint64_t C) { Calls = C; }
  bool hasCallCount() const { return HasCallCount; }
  void setHasCallCount(bool B) { HasCallCount = B; }
  uint64_t ops() const { return Ops; }
  void setOps(uint64_t O) { Ops = O; }
  bool hasOpCount() const { return HasOpCount; }
  void setHasOpCount(bool B) { HasOpCount = B; }
  /// Instances a folded node stands for (1 for a module).
  uint64_t instances() const { return X ? X->Instances : 1; }
  void setInstances(uint64_t I) {
    if (X || I != 1)
      getOrCreateExtra().Instances = I;
  }
  const PerCall &perCall() const { return PC; }
  void setPerCall(const PerCall &P) { PC = P; }

  // Folding.
  FoldKind fold() const { return FoldKind(FoldBits); }
  void setFold(FoldKind K) { FoldBits = uint8_t(K); }
  uint64_t foldCount() const { return X ? X->Count : 0; }
  void setFoldCount(uint64_t C) {
    if (X || C)
      getOrCreateExtra().Count = C;
  }
  /// `parfor k` from a module called k > 1 times per caller call; 0 if unset.
  uint64_t repeat() const { return X ? X->Repeat : 0; }
  void setRepeat(uint64_t R) {
    if (X || R)
      getOrCreateExtra().Repeat = R;
  }

  llvm::StringRef stage() const { return Stage; }
  void setStage(llvm::StringRef S) { Stage = S; }

  const char *loc() const { return Loc; }
  void setLoc(const char *L) { Loc = L; }

  // Tree structure.
  Node *parent() const { return Parent; }
  void setParent(Node *P) { Parent = P; }
  const std::vector<Node *> &children() const { return Children; }
  std::vector<Node *> &children() { return Children; }
  void addChild(Node *C) {
    C->Parent = this;
    Children.push_back(C);
  }

  // Trace form (before parse-edges).
  Node *staticParent() const { return StaticParent; }
  uint32_t staticIndex() const { return StaticIndex; }
  const char *staticLoc() const { return StaticLoc; }
  void setStaticParent(Node *P, uint32_t Index, const char *L) {
    StaticParent = P;
    StaticIndex = Index;
    StaticLoc = L;
  }
  const EdgeRef &firstCaller() const { return FirstCaller; }
  void setFirstCaller(const EdgeRef &E) { FirstCaller = E; }
  /// The module's place in first-call order: the order the trace lists
  /// call counts in (TorchLens fills `call_counts` as modules are first
  /// entered). NoCallOrder for a module without a call count.
  static constexpr uint32_t NoCallOrder = UINT32_MAX;
  uint32_t callOrder() const { return CallOrder; }
  void setCallOrder(uint32_t O) { CallOrder = O; }

  // Extra fields.
  bool hasExtra() const { return X != nullptr; }
  const NodeExtra *extra() const { return X.get(); }
  NodeExtra &getOrCreateExtra() {
    if (!X)
      X = std::make_unique<NodeExtra>();
    return *X;
  }

  /// Which facts a reader has seen for this module (ReadFlag bits), to
  /// reject duplicate keys.
  uint8_t readFlags() const { return ReadFlags; }
  void addReadFlags(uint8_t F) { ReadFlags |= F; }

  /// Scratch byte for graph algorithms (visit marks); 0 between passes.
  uint8_t scratch() const { return Scratch; }
  void setScratch(uint8_t S) { Scratch = S; }

  /// Inclusive ops: own ops plus those of every descendant (and of what
  /// prune hid). Computed, not stored.
  uint64_t inclusiveOps() const;
  /// Number of called instances: instances minus inactive ones.
  uint64_t activeInstances() const;

private:
  // Laid out in three cache lines of 64 bytes (the node arena keeps nodes
  // aligned): what tree walks read (flags, address, children, extra), then
  // the counts and class, then fields for reading and diagnostics.
  // The kind, the fold and three flags share a byte (NodeKind and FoldKind
  // have three values each), so that the ids fit in the first 16 bytes.
  uint8_t KindBits : 2;
  uint8_t FoldBits : 2;
  uint8_t HasClass : 1;
  uint8_t HasCallCount : 1;
  uint8_t HasOpCount : 1;
  uint8_t Scratch = 0;
  uint8_t ReadFlags = 0;
  uint32_t StaticIndex = 0;
  uint32_t Id;
  uint32_t CallOrder = NoCallOrder;
  llvm::StringRef Address;
  std::vector<Node *> Children;
  std::unique_ptr<NodeExtra> X;

  llvm::StringRef ClassName;
  uint64_t Calls = 0;
  uint64_t Ops = 0;
  PerCall PC;
  Node *Parent = nullptr;

  llvm::StringRef Stage;
  const char *Loc = nullptr;
  Node *StaticParent = nullptr;
  const char *StaticLoc = nullptr;
  EdgeRef FirstCaller;
};

} // namespace dsocr

#endif // DSOCR_IR_NODE_H
