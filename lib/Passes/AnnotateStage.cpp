//===- AnnotateStage.cpp - Stages and notes from the profile --------------===//
//
// annotate-stage gives every node the stage of the longest profile prefix
// its address starts with (`sam_model...` -> `sam`), or its caller's stage,
// leaving the children in execution order; and attaches the profile's notes
// to the nodes
// and group variants whose addresses match (`sam_model.blocks.[2,5,8,11]`
// -> "global attention" on that variant of the SAM stack), then the notes
// the profile's `events` rules make of the run's runtime events
// (EventNotes.h).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/Passes/EventNotes.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/CanonicalJSON.h"

#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <set>

#define DEBUG_TYPE "annotate-stage"

STATISTIC(NumStaged, "Number of nodes given a stage");
STATISTIC(NumNotes, "Number of profile notes attached");

using namespace dsocr;

namespace {
class AnnotateStage : public Pass {
public:
  bool run(CallGraph &G, PassContext &Ctx) override;
};
} // namespace

/// The names of the stages in StageTotals (canonical JSON), null as "".
static std::set<std::string> stageNames(llvm::StringRef Totals) {
  std::set<std::string> Names;
  boost::json::error_code EC;
  boost::json::value V = parseJSONExact(Totals, EC);
  if (EC || !V.is_array())
    return Names;
  for (const boost::json::value &S : V.get_array())
    if (const boost::json::object *O = S.if_object())
      if (const boost::json::value *N = O->if_contains("name"))
        Names.insert(N->is_string() ? std::string(N->get_string()) : "");
  return Names;
}

/// Per stage: modules (instances), calls, ops, and activation bytes of the
/// leaf modules (where tensors are produced; counting every level would
/// count a tensor once per module that returns it). Recorded on the root
/// before prune hides anything. A tree that prune has cut (grouped IR read
/// back) no longer has the modules and tensors of what it hid: the totals
/// it was recorded with are kept when they name the same stages.
static void recordStageTotals(CallGraph &G, const Profile &Prof) {
  struct Totals {
    uint64_t Modules = 0, Calls = 0, Ops = 0, Bytes = 0;
    bool HaveBytes = false;
  };
  std::map<std::string, Totals> ByStage;
  G.walkPreOrder([&](Node *N) {
    if (N->isRoot() || N->isStage()) // a line of the stage view: no module
      return;
    Totals &T = ByStage[N->stage().str()];
    T.Modules += N->instances();
    T.Calls += N->calls();
    T.Ops += N->ops();
    if (const NodeExtra *X = N->extra()) {
      T.Ops += X->HiddenOps;
      T.Calls += X->HiddenCalls;
    }
    if (N->children().empty()) {
      MetadataSummary S = summaryOf(*N);
      if (S.Calls) {
        T.Bytes += S.ActivationBytes;
        T.HaveBytes = true;
      }
    }
  });
  boost::json::array A;
  auto Emit = [&](const std::string &Name) {
    auto It = ByStage.find(Name);
    if (It == ByStage.end())
      return;
    boost::json::object O;
    if (Name.empty())
      O["name"] = nullptr; // nodes of no stage
    else
      O["name"] = Name;
    O["modules"] = It->second.Modules;
    O["calls"] = It->second.Calls;
    O["ops"] = It->second.Ops;
    if (It->second.HaveBytes)
      O["activation_bytes"] = It->second.Bytes;
    A.push_back(std::move(O));
    ByStage.erase(It);
  };
  for (const StageRule &S : Prof.Stages)
    Emit(S.Name);
  while (!ByStage.empty())
    Emit(ByStage.begin()->first); // nodes of no stage (""), last
  std::string Totals = canonicalJSON(A);
  NodeExtra &RX = G.root()->getOrCreateExtra();
  bool Pruned = false;
  G.walkPreOrder(
      [&](Node *N) { Pruned |= N->extra() && N->extra()->HiddenNodes; });
  if (Pruned && !RX.StageTotals.empty() &&
      stageNames(RX.StageTotals) == stageNames(Totals))
    return;
  RX.StageTotals = std::move(Totals);
}

bool AnnotateStage::run(CallGraph &G, PassContext &Ctx) {
  const Profile &Prof = Ctx.Prof;
  G.walkPreOrder([&](Node *N) {
    // A line of the stage view keeps its name as its stage.
    if (N->isRoot() || N->isStage())
      return;
    llvm::StringRef Stage = Prof.stageFor(N->address());
    if (Stage.empty())
      Stage = N->parent()->stage();
    N->setStage(Stage.empty() ? llvm::StringRef() : G.intern(Stage));
    if (!Stage.empty())
      ++NumStaged;

    for (const NoteRule &R : Prof.Notes) {
      if (matchAddressGlob(R.Match, N->address())) {
        addNote(N->getOrCreateExtra().Notes, R.Note);
        ++NumNotes;
      }
      if (!N->isGroup())
        continue;
      llvm::StringRef Base = addressParent(N->address());
      NodeExtra &X = N->getOrCreateExtra();
      for (Variant &V : X.Variants)
        if (matchAddressGlob(
                R.Match, makeFamilyPattern(Base, X.MemberStem, X.MemberStyle,
                                           V.Members, X.MemberNames))) {
          addNote(V.Notes, R.Note);
          ++NumNotes;
        }
    }
  });
  NumNotes += attachEventNotes(G, Prof);
  recordStageTotals(G, Prof);
  return true;
}

std::unique_ptr<Pass> dsocr::createAnnotateStagePass() {
  return std::make_unique<AnnotateStage>();
}
