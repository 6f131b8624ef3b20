//===- NodeAttributes.cpp - The attributes of a tree-form node ------------===//
//
// The table behind the IR printer, the IR parser and docs/IR.md. An entry
// says where the attribute may appear, when it is printed, how its value
// is printed and read, and what it means; the order of the table is the
// printed order.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/NodeAttributes.h"

#include "IRParserBase.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRPrinter.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/RuntimeEvents.h"

#include "llvm/Support/raw_ostream.h"

#include <boost/json/value.hpp>

using namespace dsocr;
using llvm::raw_ostream;

uint8_t dsocr::nodeKindBit(const Node &N) {
  switch (N.kind()) {
  case NodeKind::Root:
    return OnRoot;
  case NodeKind::Module:
    return OnModule;
  case NodeKind::Group:
    return OnGroup;
  case NodeKind::Stage:
    return OnStage;
  }
  return OnModule;
}

namespace {

/// The extra fields of N, or defaults when it has none.
const NodeExtra &extraOf(const Node &N) {
  static const NodeExtra None;
  return N.hasExtra() ? *N.extra() : None;
}

bool hasHidden(const Node &N, const CallGraph &) {
  const NodeExtra &X = extraOf(N);
  return X.HiddenNodes || X.HiddenCalls || X.HiddenOps;
}

bool always(const Node &, const CallGraph &) { return true; }

// Entries with a plain value share these shapes.
#define UINT_ATTR(NAME, GET, SET)                                              \
  [](raw_ostream &OS, const Node &N, const CallGraph &) { OS << (GET); },      \
      [](IRParserBase &P, Node &N) {                                           \
        uint64_t V;                                                            \
        if (!P.parseUInt(NAME, V))                                             \
          return false;                                                        \
        SET;                                                                   \
        return true;                                                           \
      }
#define STRINGS_ATTR(FIELD)                                                    \
  [](raw_ostream &OS, const Node &N, const CallGraph &) {                      \
    printIRStringList(OS, extraOf(N).FIELD);                                   \
  },                                                                           \
      [](IRParserBase &P, Node &N) {                                           \
        return P.parseStringList(N.getOrCreateExtra().FIELD);                  \
      }
#define JSON_ATTR(GET, SHAPE)                                                  \
  [](raw_ostream &OS, const Node &N, const CallGraph &) {                      \
    OS << extraOf(N).GET;                                                      \
  },                                                                           \
      [](IRParserBase &P, Node &N) {                                           \
        return P.parseJSON(N.getOrCreateExtra().GET, SHAPE);                   \
      }
#define SET_IF(COND) [](const Node &N, const CallGraph &G) { return COND; }

const NodeAttribute Attributes[] = {
    {"count", OnGroup, OnGroup, "N", "number of members, `for N` / `parfor N`",
     always, UINT_ATTR("count", N.foldCount(), N.setFoldCount(V))},
    {"members", OnGroup, OnGroup, "[SET]",
     "the member indices (`0-11`, `2,5,8,11`)", always,
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       OS << '[' << extraOf(N).Members.str() << ']';
     },
     [](IRParserBase &P, Node &N) {
       return P.parseIndexSet(N.getOrCreateExtra().Members);
     }},
    {"stem", OnGroup, 0, "\"S\"",
     "members are named `base.STEMi` (`encoder_layer_` for "
     "`encoder_layer_[0-11]`); absent for list indices (`blocks.[0-11]`)",
     SET_IF(!extraOf(N).MemberStem.empty()),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       printIRString(OS, extraOf(N).MemberStem);
     },
     [](IRParserBase &P, Node &N) {
       return P.parseString(N.getOrCreateExtra().MemberStem);
     }},
    {"index", OnGroup, 0, "STYLE",
     "`lower` or `upper`: members indexed by letters (`Mixed_6[b-e]`: b is "
     "1); `listed`: by the names in `names`; absent for numbers",
     SET_IF(extraOf(N).MemberStyle != IndexStyle::Decimal),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       OS << indexStyleName(extraOf(N).MemberStyle);
     },
     [](IRParserBase &P, Node &N) {
       return P.parseIndexStyleValue(N.getOrCreateExtra().MemberStyle);
     }},
    {"names", OnGroup, 0, "[\"NAME\", ...]",
     "with `index=listed`: the member names a profile lists (`families`), "
     "by index (`attn.{q_proj,v_proj}`)",
     SET_IF(!extraOf(N).MemberNames.empty()), STRINGS_ATTR(MemberNames)},
    {"reason", OnGroup, 0, "\"...\"",
     "why a `parfor N` group is a fan-out: `named by the profile`, "
     "`never-called members`, `members called different numbers of times`, "
     "`member inputs differ in their first dimension`, `a fan-out like BASE`",
     SET_IF(!extraOf(N).FanOutReason.empty()),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       printIRString(OS, extraOf(N).FanOutReason);
     },
     [](IRParserBase &P, Node &N) {
       return P.parseString(N.getOrCreateExtra().FanOutReason);
     }},
    {"instances", OnNonRoot, 0, "N",
     "concrete modules the node stands for (default 1; more on merged "
     "nodes)",
     SET_IF(N.instances() != 1),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       OS << N.instances();
     },
     [](IRParserBase &P, Node &N) {
       uint64_t V;
       if (!P.parseUIntAtLeast("instances", 1, V))
         return false;
       N.setInstances(V);
       return true;
     }},
    {"calls", OnAll, OnAll, "N", "forward passes, summed over the instances",
     always, UINT_ATTR("calls", N.calls(), N.setCalls(V))},
    {"ignored_keys", OnRoot, 0, "[...]", "unknown top-level keys of the trace",
     SET_IF(!G.ignoredKeys().empty()),
     [](raw_ostream &OS, const Node &, const CallGraph &G) {
       printIRStringList(OS, G.ignoredKeys());
     },
     [](IRParserBase &P, Node &) {
       return P.parseStringList(P.graph().ignoredKeys());
     }},
    {"runtime_events", OnRoot, 0, "JSON",
     "events the traced run recorded (`runtime_events` of the trace, or "
     "`-events FILE`), canonical JSON",
     SET_IF(!G.runtimeEvents().empty()),
     [](raw_ostream &OS, const Node &, const CallGraph &G) {
       OS << runtimeEventsToJSON(G.runtimeEvents());
     },
     [](IRParserBase &P, Node &) { return P.parseRuntimeEvents(); }},
    {"per_call", OnNonRoot, 0, "R",
     "calls per call of the caller: `2`, `1/2`, `mixed` (instances "
     "disagree); absent when unknown (a module shared by several callers)",
     SET_IF(N.perCall().isKnown()),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       OS << N.perCall().str();
     },
     [](IRParserBase &P, Node &N) {
       const char *Loc = P.loc();
       llvm::StringRef W = P.lexWord();
       auto PC = PerCall::parse(W);
       if (!PC)
         return P.error(Loc, "malformed per_call '" + W +
                                 "' (expected N, N/M in lowest terms, or "
                                 "mixed)");
       N.setPerCall(*PC);
       return true;
     }},
    {"parfor", OnNonRoot, 0, "K",
     "called K > 1 times per call of its caller (`fold-parfor`)",
     SET_IF(N.repeat() != 0),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       OS << N.repeat();
     },
     [](IRParserBase &P, Node &N) {
       uint64_t V;
       if (!P.parseUIntAtLeast("parfor", 2, V))
         return false;
       N.setRepeat(V);
       return true;
     }},
    {"ops", OnNonRoot, 0, "N",
     "ops whose innermost module is this one, summed over instances", always,
     UINT_ATTR("ops", N.ops(), N.setOps(V))},
    {"stage", OnAll, 0, "\"S\"",
     "the stage from the profile (`annotate-stage`)",
     SET_IF(!N.stage().empty()),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       printIRString(OS, N.stage());
     },
     [](IRParserBase &P, Node &N) {
       std::string S;
       if (!P.parseString(S))
         return false;
       N.setStage(P.graph().intern(S));
       return true;
     }},
    {"total_calls", OnRoot, OnRoot, "N",
     "the trace's totals, which every pass conserves",
     SET_IF(extraOf(N).HaveTotals),
     UINT_ATTR("total_calls", extraOf(N).TotalCalls,
               (N.getOrCreateExtra().TotalCalls = V,
                N.getOrCreateExtra().HaveTotals = true))},
    {"total_ops", OnRoot, OnRoot, "N", nullptr, SET_IF(extraOf(N).HaveTotals),
     UINT_ATTR("total_ops", extraOf(N).TotalOps,
               (N.getOrCreateExtra().TotalOps = V,
                N.getOrCreateExtra().HaveTotals = true))},
    {"families", OnRoot, 0, "true", "`discover-families` has run",
     SET_IF(extraOf(N).FamiliesDiscovered),
     [](raw_ostream &OS, const Node &, const CallGraph &) { OS << "true"; },
     [](IRParserBase &P, Node &N) {
       return P.parseBool(N.getOrCreateExtra().FamiliesDiscovered);
     }},
    {"stage_totals", OnRoot, 0, "JSON",
     "per-stage modules, calls, ops and activation bytes (`annotate-stage`, "
     "on the whole tree; run again on a tree prune has cut, it keeps these "
     "when they name the same stages)",
     SET_IF(!extraOf(N).StageTotals.empty()),
     JSON_ATTR(StageTotals, JSONShape::Array)},
    {"totals", OnStage, OnStage, "JSON",
     "a stage line's `calls`, `ops` and (when known) `activation_bytes`: "
     "its modules and everything below them (`collapse-stages`)",
     always, JSON_ATTR(LineTotals, JSONShape::Object)},
    {"inactive", OnNonRoot, 0, "[\"ADDR\", ...]",
     "instances of a merged node that were never called",
     SET_IF(!extraOf(N).Inactive.empty()), STRINGS_ATTR(Inactive)},
    {"shared_by", OnNonRoot, 0, "[\"ADDR\", ...]",
     "the callers of a module entered from several callers",
     SET_IF(!extraOf(N).SharedBy.empty()), STRINGS_ATTR(SharedBy)},
    {"notes", OnAll, 0, "[\"...\", ...]", "human notes (profile, passes)",
     SET_IF(!extraOf(N).Notes.empty()), STRINGS_ATTR(Notes)},
    {"hidden_nodes", OnAll, 0, "N", "what `prune` removed below the node",
     hasHidden,
     UINT_ATTR("hidden_nodes", extraOf(N).HiddenNodes,
               N.getOrCreateExtra().HiddenNodes = V)},
    {"hidden_calls", OnAll, 0, "N", nullptr, hasHidden,
     UINT_ATTR("hidden_calls", extraOf(N).HiddenCalls,
               N.getOrCreateExtra().HiddenCalls = V)},
    {"hidden_ops", OnAll, 0, "N", nullptr, hasHidden,
     UINT_ATTR("hidden_ops", extraOf(N).HiddenOps,
               N.getOrCreateExtra().HiddenOps = V)},
    {"params", OnAll, 0, "JSON",
     "constructor parameters and per-call tensor metadata of a module as the "
     "trace gave them, canonical JSON (keys sorted)",
     SET_IF(!extraOf(N).Meta.Params.empty()),
     JSON_ATTR(Meta.Params, JSONShape::Object)},
    {"inputs", OnAll, 0, "JSON", nullptr,
     SET_IF(!extraOf(N).Meta.Inputs.empty()),
     JSON_ATTR(Meta.Inputs, JSONShape::TensorMetadata)},
    {"outputs", OnAll, 0, "JSON", nullptr,
     SET_IF(!extraOf(N).Meta.Outputs.empty()),
     JSON_ATTR(Meta.Outputs, JSONShape::TensorMetadata)},
    {"meta", OnAll, 0, "JSON",
     "the summary of a merged node's metadata (docs/JSONSchema.md, "
     "\"Metadata\")",
     SET_IF(!extraOf(N).Meta.Summary.empty()),
     [](raw_ostream &OS, const Node &N, const CallGraph &) {
       OS << extraOf(N).Meta.Summary;
     },
     [](IRParserBase &P, Node &N) {
       const char *Loc = P.loc();
       boost::json::value Summary;
       if (!P.parseJSON(N.getOrCreateExtra().Meta.Summary, JSONShape::Object,
                        &Summary))
         return false;
       if (!summaryFromJSON(Summary))
         return P.error(Loc, "malformed metadata summary");
       return true;
     }},
};

#undef UINT_ATTR
#undef STRINGS_ATTR
#undef JSON_ATTR
#undef SET_IF

const char *describeKinds(uint8_t On) {
  switch (On) {
  case OnAll:
    return "all";
  case OnNonRoot:
    return "all but the root";
  case OnRoot:
    return "root";
  case OnGroup:
    return "groups";
  case OnModule:
    return "modules";
  case OnStage:
    return "stages";
  default:
    return "some";
  }
}

} // namespace

llvm::ArrayRef<NodeAttribute> dsocr::nodeAttributes() { return Attributes; }

const NodeAttribute *dsocr::findNodeAttribute(llvm::StringRef Name,
                                              const Node &N) {
  uint8_t Kind = nodeKindBit(N);
  for (const NodeAttribute &A : Attributes)
    if ((A.On & Kind) && Name == A.Name)
      return &A;
  return nullptr;
}

void dsocr::writeNodeAttributeDocs(raw_ostream &OS) {
  OS << "| attribute | on | meaning |\n|---|---|---|\n";
  llvm::ArrayRef<NodeAttribute> All = Attributes;
  for (size_t I = 0; I < All.size();) {
    // A row: an entry with a meaning and the entries after it without.
    size_t J = I + 1;
    while (J < All.size() && !All[J].Meaning)
      ++J;
    OS << "| `";
    for (size_t K = I; K < J; ++K)
      OS << (K > I ? " " : "") << All[K].Name << '=' << All[K].Syntax;
    OS << "` | " << describeKinds(All[I].On)
       << (All[I].Required ? ", required" : "") << " | " << All[I].Meaning
       << " |\n";
    I = J;
  }
}
