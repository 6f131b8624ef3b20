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

#include "dsocr/Emit/JSONWriter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRPrinter.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/Version.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

namespace {

class JSONEmitter {
public:
  JSONEmitter(const CallGraph &G, const EmitContext &Ctx, llvm::raw_ostream &OS)
      : G(G), Ctx(Ctx), W(OS) {}

  void run();

private:
  void metadata();
  void groups();
  void group(const Node &N, FoldKind Kind, uint64_t Count, bool IsRepeat);
  void node(const Node &N);
  void variants(const Node &N);
  uint64_t inclusive(const Node *N) const { return Inclusive.lookup(N); }

  const CallGraph &G;
  const EmitContext &Ctx;
  JSONWriter W;
  llvm::DenseMap<const Node *, uint64_t> Inclusive;
};

} // namespace

void JSONEmitter::metadata() {
  W.key("metadata");
  W.objectBegin();
  W.attribute("tool", "dsocr-opt");
  W.attribute("tool_version", DSOCR_VERSION_STRING);
  W.attribute("source", Ctx.SourceName);
  W.attribute("profile", Ctx.ProfileName);
  W.key("pipeline");
  W.arrayBegin();
  for (const std::string &P : Ctx.Pipeline)
    W.value(P);
  W.arrayEnd();
  W.key("options");
  W.objectBegin();
  W.attribute("min_family_size", uint64_t(Ctx.MinFamilySize));
  W.attribute("min_parfor", uint64_t(Ctx.MinParFor));
  W.attribute("max_op_variants", uint64_t(Ctx.MaxOpVariants));
  W.objectEnd();
  const NodeExtra *RX = G.root()->extra();
  W.key("totals");
  W.objectBegin();
  W.attribute("calls", uint64_t(RX && RX->HaveTotals ? RX->TotalCalls : 0));
  W.attribute("ops", uint64_t(RX && RX->HaveTotals ? RX->TotalOps : 0));
  W.objectEnd();
  W.key("ignored_keys");
  W.arrayBegin();
  for (const std::string &K : G.ignoredKeys())
    W.value(K);
  W.arrayEnd();
  // Per-stage totals from annotate-stage (an empty list without it).
  W.key("stages");
  W.jsonText(RX && !RX->StageTotals.empty() ? llvm::StringRef(RX->StageTotals)
                                            : llvm::StringRef("[]"));
  W.objectEnd();
}

/// The node's metadata summary, if it has any (docs/JSONSchema.md).
static void metadataField(JSONWriter &W, const Node &N) {
  MetadataSummary S = summaryOf(N);
  if (S.empty())
    return;
  W.key("metadata");
  W.jsonText(summaryToJSON(S));
}

/// The list a folded group ranges over: the pattern without its last
/// segment (`sam_model.blocks.[0-11]` -> `sam_model.blocks`).
static llvm::StringRef familyName(const Node &N) {
  return addressParent(N.address());
}

static std::vector<uint64_t> indicesOf(const IndexSet &S) {
  std::vector<uint64_t> Out;
  S.forEach([&](uint64_t I) { Out.push_back(I); });
  return Out;
}

void JSONEmitter::variants(const Node &N) {
  const NodeExtra *X = N.extra();
  W.key("variants");
  W.arrayBegin();
  if (X)
    for (const Variant &V : X->Variants) {
      W.objectBegin();
      W.key("indices");
      W.inlineArray(indicesOf(V.Members));
      W.attribute("members", V.Members.str());
      if (V.OpsMin == V.OpsMax) {
        W.attribute("ops", V.OpsMin);
      } else {
        W.attribute("ops_min", V.OpsMin);
        W.attribute("ops_max", V.OpsMax);
      }
      W.key("differs");
      W.arrayBegin();
      for (const std::string &D : V.Differs)
        W.value(D);
      W.arrayEnd();
      W.key("notes");
      W.arrayBegin();
      for (const std::string &Note : V.Notes)
        W.value(Note);
      W.arrayEnd();
      W.objectEnd();
    }
  W.arrayEnd();
}

void JSONEmitter::group(const Node &N, FoldKind Kind, uint64_t Count,
                        bool IsRepeat) {
  const NodeExtra *X = N.extra();
  W.objectBegin();
  W.attribute("name", IsRepeat ? N.address() : familyName(N));
  W.attribute("pattern", N.address());
  W.attribute("kind", foldKindName(Kind));
  W.attribute("count", Count);
  if (!IsRepeat) {
    W.key("indices");
    W.inlineArray(indicesOf(X->Members));
  }
  W.key("stage");
  if (N.stage().empty())
    W.null();
  else
    W.value(N.stage());
  W.key("parent");
  if (N.parent()->isRoot())
    W.null();
  else
    W.value(N.parent()->address());
  W.key("annotations");
  W.arrayBegin();
  if (X)
    for (const std::string &Note : X->Notes)
      W.value(Note);
  W.arrayEnd();
  W.attribute("class_name", N.className());
  W.attribute("calls", N.calls());
  W.attribute("ops", inclusive(&N));
  if (!IsRepeat) {
    metadataField(W, N);
    W.key("members");
    W.objectBegin();
    W.attribute("instances", N.instances());
    W.attribute("active", N.activeInstances());
    W.key("inactive");
    W.arrayBegin();
    if (X)
      for (const std::string &A : X->Inactive)
        W.value(A);
    W.arrayEnd();
    W.objectEnd();
    variants(N);
  }
  W.objectEnd();
}

void JSONEmitter::groups() {
  W.key("groups");
  W.arrayBegin();
  G.walkPreOrder([&](Node *N) {
    if (N->isGroup())
      group(*N, N->fold(), N->foldCount(), /*IsRepeat=*/false);
    if (N->repeat())
      group(*N, FoldKind::ParFor, N->repeat(), /*IsRepeat=*/true);
  });
  W.arrayEnd();
}

void JSONEmitter::node(const Node &N) {
  const NodeExtra *X = N.extra();
  W.objectBegin();
  if (N.isRoot()) {
    W.attribute("kind", "root");
    W.attribute("calls", N.calls());
  } else {
    W.attribute("address", N.address());
    W.attribute("class_name", N.className());
    W.attribute("kind", N.isGroup() ? foldKindName(N.fold())
                                    : llvm::StringRef("module"));
    if (N.isGroup()) {
      W.attribute("count", N.foldCount());
      W.key("indices");
      W.inlineArray(indicesOf(X->Members));
    }
    W.attribute("calls", N.calls());
    W.attribute("per_call", N.perCall().isKnown() ? N.perCall().str()
                                                  : std::string("unknown"));
    if (N.repeat())
      W.attribute("parfor", N.repeat());
    W.attribute("ops", N.ops());
    W.attribute("inclusive_ops", inclusive(&N));
    W.attribute("instances", N.instances());
    W.attribute("active_instances", N.activeInstances());
    W.key("stage");
    if (N.stage().empty())
      W.null();
    else
      W.value(N.stage());
  }
  if (X) {
    if (!X->Notes.empty()) {
      W.key("notes");
      W.arrayBegin();
      for (const std::string &Note : X->Notes)
        W.value(Note);
      W.arrayEnd();
    }
    if (!X->Inactive.empty()) {
      W.key("inactive");
      W.arrayBegin();
      for (const std::string &A : X->Inactive)
        W.value(A);
      W.arrayEnd();
    }
    if (!X->SharedBy.empty()) {
      W.key("shared_by");
      W.arrayBegin();
      for (const std::string &A : X->SharedBy)
        W.value(A);
      W.arrayEnd();
    }
    if (!X->Variants.empty())
      variants(N);
    if (X->HiddenNodes || X->HiddenCalls || X->HiddenOps) {
      W.key("hidden");
      W.objectBegin();
      W.attribute("nodes", X->HiddenNodes);
      W.attribute("calls", X->HiddenCalls);
      W.attribute("ops", X->HiddenOps);
      W.objectEnd();
    }
    metadataField(W, N);
  }
  W.key("children");
  W.arrayBegin();
  for (const Node *C : N.children())
    node(*C);
  W.arrayEnd();
  W.objectEnd();
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
  W.objectBegin();
  W.attribute("schema", "dsocr-call-graph-grouped");
  W.attribute("schema_version", uint64_t(GroupedJSONSchemaVersion));
  metadata();
  groups();
  W.key("tree");
  node(*G.root());
  W.objectEnd();
}

void dsocr::emitJSON(const CallGraph &G, const EmitContext &Ctx,
                     llvm::raw_ostream &OS) {
  JSONEmitter(G, Ctx, OS).run();
}
