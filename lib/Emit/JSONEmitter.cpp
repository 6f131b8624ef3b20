//===- JSONEmitter.cpp - The grouped-JSON output --------------------------===//
//
// Schema `dsocr-call-graph-grouped`, version GroupedJSONSchemaVersion
// (docs/JSONSchema.md): `metadata`, a flat `groups` list that keeps the
// fields of the legacy Python grouper (name, kind, count, indices, stage,
// parent, annotations) plus class_name, pattern, variants and members, and
// the grouped `tree`.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"

#include "dsocr/Emit/JSONOutput.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRPrinter.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Version.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

namespace {

class JSONEmitter {
public:
  JSONEmitter(const CallGraph &G, const EmitContext &Ctx, llvm::raw_ostream &OS,
              unsigned Indent)
      : G(G), Ctx(Ctx), Capped(OS, MaxJSONIndentLevels * Indent),
        J(Capped, Indent) {}

  void run();

private:
  void metadata();
  void groups();
  void group(const Node &N, FoldKind Kind, uint64_t Count, bool IsRepeat);
  void node(const Node &N);
  void nodeFields(const Node &N);
  void extraFields(const NodeExtra &X);
  void variants(const Node &N);
  void metadataField(const Node &N);
  /// `"Key": [...]` of strings.
  void strings(llvm::StringRef Key, const std::vector<std::string> &List);
  /// `"Key": "..."`, or null when Value is empty.
  void stringOrNull(llvm::StringRef Key, llvm::StringRef Value);
  void indices(const IndexSet &S);
  void className(const Node &N);
  uint64_t inclusive(const Node *N) const { return Inclusive.lookup(N); }

  const CallGraph &G;
  const EmitContext &Ctx;
  IndentCappingStream Capped;
  llvm::json::OStream J;
  llvm::DenseMap<const Node *, uint64_t> Inclusive;
};

} // namespace

void JSONEmitter::strings(llvm::StringRef Key,
                          const std::vector<std::string> &List) {
  J.attributeArray(Key, [&] {
    for (const std::string &S : List)
      J.value(S);
  });
}

void JSONEmitter::stringOrNull(llvm::StringRef Key, llvm::StringRef Value) {
  if (Value.empty())
    J.attribute(Key, nullptr);
  else
    J.attribute(Key, Value);
}

void JSONEmitter::indices(const IndexSet &S) {
  std::vector<uint64_t> Out;
  S.forEach([&](uint64_t I) { Out.push_back(I); });
  J.attributeBegin("indices");
  writeInlineArray(J, Out);
  J.attributeEnd();
}

void JSONEmitter::metadata() {
  J.attributeObject("metadata", [&] {
    J.attribute("tool", "dsocr-opt");
    J.attribute("tool_version", DSOCR_VERSION_STRING);
    J.attribute("source", Ctx.SourceName);
    J.attribute("profile", Ctx.ProfileName);
    J.attribute("profile_reason", Ctx.ProfileWhy);
    strings("pipeline", Ctx.Pipeline);
    J.attributeObject("options", [&] {
      J.attribute("min_family_size", uint64_t(Ctx.MinFamilySize));
      J.attribute("min_parfor", uint64_t(Ctx.MinParFor));
      J.attribute("max_op_variants", uint64_t(Ctx.MaxOpVariants));
    });
    const NodeExtra *RX = G.root()->extra();
    bool Totals = RX && RX->HaveTotals;
    J.attributeObject("totals", [&] {
      J.attribute("calls", Totals ? RX->TotalCalls : uint64_t(0));
      J.attribute("ops", Totals ? RX->TotalOps : uint64_t(0));
    });
    strings("ignored_keys", G.ignoredKeys());
    // As the run recorded them (RuntimeEvents.h).
    J.attributeArray("runtime_events", [&] {
      for (const RuntimeEvent &E : G.runtimeEvents())
        writeCanonicalText(J, E.JSON);
    });
    // Per-stage totals from annotate-stage (an empty list without it).
    J.attributeBegin("stages");
    writeCanonicalText(J, RX && !RX->StageTotals.empty()
                              ? llvm::StringRef(RX->StageTotals)
                              : llvm::StringRef("[]"));
    J.attributeEnd();
  });
}

/// The node's metadata summary, if it has any (docs/JSONSchema.md).
void JSONEmitter::metadataField(const Node &N) {
  MetadataSummary S = summaryOf(N);
  if (S.empty())
    return;
  J.attributeBegin("metadata");
  writeCanonicalText(J, summaryToJSON(S));
  J.attributeEnd();
}

/// The list a folded group ranges over: the pattern without its last
/// segment (`sam_model.blocks.[0-11]` -> `sam_model.blocks`), with the stem
/// of a named family (`encoder.layers.encoder_layer_[0-11]` ->
/// `encoder.layers.encoder_layer_`).
static std::string familyName(const Node &N) {
  std::string Name = addressParent(N.address()).str();
  const NodeExtra *X = N.extra();
  if (X && !X->MemberStem.empty())
    Name += (Name.empty() ? "" : ".") + X->MemberStem;
  return Name;
}

void JSONEmitter::variants(const Node &N) {
  const NodeExtra *X = N.extra();
  J.attributeArray("variants", [&] {
    if (!X)
      return;
    for (const Variant &V : X->Variants)
      J.object([&] {
        indices(V.Members);
        J.attribute("members", V.Members.str());
        if (V.OpsMin == V.OpsMax) {
          J.attribute("ops", V.OpsMin);
        } else {
          J.attribute("ops_min", V.OpsMin);
          J.attribute("ops_max", V.OpsMax);
        }
        strings("differs", V.Differs);
        strings("notes", V.Notes);
      });
  });
}

void JSONEmitter::group(const Node &N, FoldKind Kind, uint64_t Count,
                        bool IsRepeat) {
  const NodeExtra *X = N.extra();
  static const std::vector<std::string> None;
  J.object([&] {
    J.attribute("name", IsRepeat ? N.address() : familyName(N));
    J.attribute("pattern", N.address());
    J.attribute("kind", foldKindName(Kind));
    J.attribute("count", Count);
    if (!IsRepeat)
      indices(X->Members);
    stringOrNull("stage", N.stage());
    stringOrNull("parent", N.parent()->isRoot() ? llvm::StringRef()
                                                : N.parent()->address());
    strings("annotations", X ? X->Notes : None);
    className(N);
    J.attribute("calls", N.calls());
    J.attribute("ops", inclusive(&N));
    if (IsRepeat)
      return;
    metadataField(N);
    J.attributeObject("members", [&] {
      J.attribute("instances", N.instances());
      J.attribute("active", N.activeInstances());
      strings("inactive", X ? X->Inactive : None);
      if (X && !X->MemberStem.empty())
        J.attribute("stem", X->MemberStem);
      if (X && X->MemberStyle != IndexStyle::Decimal)
        J.attribute("index_style", indexStyleName(X->MemberStyle));
      if (X && !X->MemberNames.empty())
        strings("names", X->MemberNames);
    });
    if (X && !X->FanOutReason.empty())
      J.attribute("fan_out_reason", X->FanOutReason);
    variants(N);
  });
}

void JSONEmitter::groups() {
  J.attributeArray("groups", [&] {
    G.walkPreOrder([&](Node *N) {
      if (N->isGroup())
        group(*N, N->fold(), N->foldCount(), /*IsRepeat=*/false);
      if (N->repeat())
        group(*N, FoldKind::ParFor, N->repeat(), /*IsRepeat=*/true);
    });
  });
}

/// The fields of a node of the tree before its extras.
void JSONEmitter::nodeFields(const Node &N) {
  if (N.isRoot()) {
    J.attribute("kind", "root");
    J.attribute("calls", N.calls());
    return;
  }
  J.attribute("address", N.address());
  className(N);
  J.attribute("kind", N.isGroup()   ? foldKindName(N.fold())
                      : N.isStage() ? llvm::StringRef("stage")
                                    : llvm::StringRef("module"));
  if (N.isGroup()) {
    J.attribute("count", N.foldCount());
    indices(N.extra()->Members);
  }
  J.attribute("calls", N.calls());
  J.attribute("per_call", N.perCall().isKnown() ? N.perCall().str()
                                                : std::string("unknown"));
  if (N.repeat())
    J.attribute("parfor", N.repeat());
  J.attribute("ops", N.ops());
  J.attribute("inclusive_ops", inclusive(&N));
  J.attribute("instances", N.instances());
  J.attribute("active_instances", N.activeInstances());
  stringOrNull("stage", N.stage());
  if (N.isStage() && N.extra()) {
    J.attributeBegin("totals");
    writeCanonicalText(J, N.extra()->LineTotals);
    J.attributeEnd();
  }
}

void JSONEmitter::className(const Node &N) {
  if (N.isStage())
    J.attribute("class_name", nullptr); // a line of the stage view
  else
    J.attribute("class_name", N.className());
}

/// Notes, inactive members, callers and what prune hid; empty ones are
/// left out.
void JSONEmitter::extraFields(const NodeExtra &X) {
  if (!X.Notes.empty())
    strings("notes", X.Notes);
  if (!X.Inactive.empty())
    strings("inactive", X.Inactive);
  if (!X.SharedBy.empty())
    strings("shared_by", X.SharedBy);
  if (!X.FanOutReason.empty())
    J.attribute("fan_out_reason", X.FanOutReason);
}

void JSONEmitter::node(const Node &N) {
  J.object([&] {
    nodeFields(N);
    if (const NodeExtra *X = N.extra()) {
      extraFields(*X);
      if (!X->Variants.empty())
        variants(N);
      if (X->HiddenNodes || X->HiddenCalls || X->HiddenOps)
        J.attributeObject("hidden", [&] {
          J.attribute("nodes", X->HiddenNodes);
          J.attribute("calls", X->HiddenCalls);
          J.attribute("ops", X->HiddenOps);
        });
      metadataField(N);
    }
    J.attributeArray("children", [&] {
      for (const Node *C : N.children())
        node(*C);
    });
  });
}

void JSONEmitter::run() {
  CallGraph::walkPostOrder(G.root(), [&](Node *N) {
    uint64_t Sum = N->ops();
    if (N->extra())
      Sum += N->extra()->HiddenOps;
    for (const Node *C : N->children())
      Sum += Inclusive[C];
    Inclusive[N] = Sum;
  });
  J.object([&] {
    J.attribute("schema", "dsocr-call-graph-grouped");
    J.attribute("schema_version", uint64_t(GroupedJSONSchemaVersion));
    metadata();
    groups();
    J.attributeBegin("tree");
    node(*G.root());
    J.attributeEnd();
  });
  Capped << '\n';
}

void dsocr::emitGroupedJSON(const CallGraph &G, const EmitContext &Ctx,
                            llvm::raw_ostream &OS, unsigned Indent) {
  JSONEmitter(G, Ctx, OS, Indent).run();
}

void dsocr::emitJSON(const CallGraph &G, const EmitContext &Ctx,
                     llvm::raw_ostream &OS) {
  emitGroupedJSON(G, Ctx, OS, 2);
}
