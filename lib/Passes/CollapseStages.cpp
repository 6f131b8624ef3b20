//===- CollapseStages.cpp - The stage view: one line per stage ------------===//
//
// collapse-stages folds each stage of the profile into one stage node under
// the root whose body is the stage's top-level modules, in their order
// (`vision stage  parfor 2: ImageEncoderViT @ sam_model -> VitModel @
// vision_model -> MlpProjector @ projector`). It is the stage view
// (`-view=stages`), not part of the default pipeline, and runs last.
//
//  * Lines: the profile's stage groups (`stage_groups`: vision = sam,
//    vision, projector), else one line per stage, in the profile's order of
//    stages (the model's data flow: the encoders before the LLM, though
//    the LLM's embed_tokens runs first); a top-level module of no stage
//    (every one, with the generic profile) is a line of its own, named
//    after it, after those, in execution order.
//  * The stage's own loop: when every module of a line is `parfor k` (the
//    same k), the line is: the stage runs k times per call of the root,
//    each module once per run. Otherwise the line runs once and each
//    module keeps its loop.
//  * Below the line's modules everything is hidden, counted in their
//    hidden_* totals as prune counts it, so the trace's totals still hold.
//  * The line's totals: calls and ops of its modules and everything below
//    them; activation bytes from annotate-stage's per-stage totals when
//    those cover exactly this line (same calls and ops), else from the
//    tree when nothing below was hidden, else unknown.
//  * Notes every module of a line has (the run's crop counts on the three
//    encoders) are the line's too.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <boost/json/value.hpp>

#include <algorithm>

#define DEBUG_TYPE "collapse-stages"

STATISTIC(NumStageLines, "Number of stage lines");
STATISTIC(NumCollapsed, "Number of nodes hidden below the lines");

using namespace dsocr;
namespace json = boost::json;

namespace {

class CollapseStages : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;
};

/// One line of the stage view while it is being built.
struct Line {
  std::string Name;
  std::vector<Node *> Members;
  std::vector<std::string> Stages; // profile stages of the members
};

struct Totals {
  uint64_t Calls = 0, Ops = 0, Bytes = 0;
  bool HaveBytes = false, Hidden = false;
};

} // namespace

/// The lines: those of profile stages in the profile's order of stages
/// (a line's first), then the others; each in the order of its first
/// module among the root's children (execution order).
static std::vector<Line> planLines(const Node &Root, const Profile &Prof) {
  std::vector<Line> Lines;
  llvm::StringSet<> Staged; // names of lines of profile stages
  for (const Node *C : Root.children())
    if (!C->stage().empty())
      Staged.insert(Prof.stageGroupOf(C->stage()));
  for (Node *C : Root.children()) {
    std::string Name;
    if (!C->stage().empty())
      Name = Prof.stageGroupOf(C->stage()).str();
    else if (Staged.count(C->address()))
      Name = C->address().str() + " (no stage)";
    else
      Name = C->address().str();
    auto It =
        llvm::find_if(Lines, [&](const Line &L) { return L.Name == Name; });
    if (It == Lines.end()) {
      Lines.push_back({Name, {}, {}});
      It = std::prev(Lines.end());
    }
    It->Members.push_back(C);
    if (!C->stage().empty() && !llvm::is_contained(It->Stages, C->stage()))
      It->Stages.push_back(C->stage().str());
  }
  auto Rank = [&](const Line &L) {
    size_t R = Prof.Stages.size(); // no stage: last
    for (const std::string &S : L.Stages)
      R = std::min(R, Prof.stageRank(S));
    return R;
  };
  std::stable_sort(
      Lines.begin(), Lines.end(),
      [&](const Line &A, const Line &B) { return Rank(A) < Rank(B); });
  return Lines;
}

/// Calls, ops and (if nothing is hidden) activation bytes of N's subtree.
static void addSubtree(Node *N, Totals &T) {
  CallGraph::walkPreOrder(N, [&](Node *D) {
    T.Calls += D->calls();
    T.Ops += D->ops();
    if (const NodeExtra *X = D->extra()) {
      T.Calls += X->HiddenCalls;
      T.Ops += X->HiddenOps;
      T.Hidden |= X->HiddenNodes != 0;
    }
    if (D->children().empty()) {
      MetadataSummary S = summaryOf(*D);
      if (S.Calls) {
        T.Bytes += S.ActivationBytes;
        T.HaveBytes = true;
      }
    }
  });
}

/// Activation bytes of the line from annotate-stage's totals, if they sum
/// to the line's calls and ops (then they count the same nodes).
static llvm::Optional<uint64_t> stageBytes(const Node &Root, const Line &L,
                                           const Totals &T) {
  const NodeExtra *RX = Root.extra();
  if (!RX || RX->StageTotals.empty() || L.Stages.empty())
    return llvm::None;
  json::error_code EC;
  json::value V = parseJSONExact(RX->StageTotals, EC);
  if (EC || !V.is_array())
    return llvm::None;
  uint64_t Calls = 0, Ops = 0, Bytes = 0;
  bool Any = false;
  auto Num = [](const json::object &O, const char *K) {
    const json::value *X = O.if_contains(K);
    return X && X->is_uint64()  ? X->get_uint64()
           : X && X->is_int64() ? uint64_t(X->get_int64())
                                : uint64_t(0);
  };
  for (const json::value &E : V.get_array()) {
    const json::object *O = E.if_object();
    const json::value *Name = O ? O->if_contains("name") : nullptr;
    if (!Name || !Name->is_string() ||
        !llvm::is_contained(L.Stages, std::string(Name->get_string())))
      continue;
    Calls += Num(*O, "calls");
    Ops += Num(*O, "ops");
    if (O->contains("activation_bytes")) {
      Bytes += Num(*O, "activation_bytes");
      Any = true;
    }
  }
  if (!Any || Calls != T.Calls || Ops != T.Ops)
    return llvm::None;
  return Bytes;
}

/// Hides everything below M, as prune does: counted in M's hidden totals.
static void hideBelow(Node &M) {
  NodeExtra *X = nullptr;
  for (Node *C : M.children())
    CallGraph::walkPreOrder(C, [&](Node *H) {
      if (!X)
        X = &M.getOrCreateExtra();
      ++X->HiddenNodes;
      ++NumCollapsed;
      X->HiddenCalls += H->calls();
      X->HiddenOps += H->ops();
      if (const NodeExtra *HX = H->extra()) {
        X->HiddenNodes += HX->HiddenNodes;
        X->HiddenCalls += HX->HiddenCalls;
        X->HiddenOps += HX->HiddenOps;
      }
    });
  M.children().clear();
  if (X)
    X->Families.clear();
}

/// The stage node of L, with its modules moved under it.
static Node *buildLine(CallGraph &G, Node &Root, Line &L, uint64_t MinK) {
  Totals T;
  for (Node *M : L.Members)
    addSubtree(M, T);
  llvm::Optional<uint64_t> Bytes = stageBytes(Root, L, T);
  if (!Bytes && !T.Hidden && T.HaveBytes)
    Bytes = T.Bytes;

  Node *S = G.createNode(NodeKind::Stage, G.save(L.Name), "");
  S->setStage(G.intern(L.Name));
  S->setHasCallCount(true);
  S->setHasOpCount(true);
  // The line's own loop: every module `parfor k`, the same k.
  uint64_t K = L.Members.front()->repeat();
  bool Shared = K >= MinK && llvm::all_of(L.Members, [&](const Node *M) {
                  return M->repeat() == K;
                });
  uint64_t Runs = Shared ? K : 1;
  S->setCalls(Runs * Root.calls());
  S->setPerCall(PerCall::ratio(S->calls(), Root.calls()));
  if (Shared)
    S->setRepeat(K);
  for (Node *M : L.Members) {
    if (Shared) {
      M->setRepeat(0);
      M->setPerCall(PerCall::ratio(1, 1));
    }
    hideBelow(*M);
    S->addChild(M);
  }
  json::object O;
  O["calls"] = T.Calls;
  O["ops"] = T.Ops;
  if (Bytes)
    O["activation_bytes"] = *Bytes;
  NodeExtra &X = S->getOrCreateExtra();
  X.LineTotals = canonicalJSON(O);
  // Notes all its modules share belong to the line.
  if (const NodeExtra *FX = L.Members.front()->extra())
    for (const std::string &Note : FX->Notes)
      if (llvm::all_of(L.Members, [&](const Node *M) {
            return M->extra() && llvm::is_contained(M->extra()->Notes, Note);
          }))
        addNote(X.Notes, Note);
  return S;
}

bool CollapseStages::run(CallGraph &G, PassContext &Ctx) {
  Node &Root = *G.root();
  // Already the stage view (IR written by it): nothing to do.
  if (llvm::any_of(Root.children(), [](const Node *C) { return C->isStage(); }))
    return true;
  std::vector<Line> Lines = planLines(Root, Ctx.Prof);
  uint64_t MinK = std::max(2u, Ctx.Options.MinParFor);
  std::vector<Node *> Stages;
  for (Line &L : Lines) {
    Stages.push_back(buildLine(G, Root, L, MinK));
    ++NumStageLines;
  }
  Root.children().clear();
  for (Node *S : Stages)
    Root.addChild(S);
  if (NodeExtra *RX = Root.hasExtra() ? &Root.getOrCreateExtra() : nullptr)
    RX->Families.clear();
  return true;
}

std::unique_ptr<Pass> dsocr::createCollapseStagesPass() {
  return std::make_unique<CollapseStages>();
}
