//===- AnnotateStage.cpp - Stages and notes from the profile --------------===//
//
// annotate-stage gives every node the stage of the longest profile prefix
// its address starts with (`sam_model...` -> `sam`), or its caller's stage;
// orders siblings of different stages in the profile's stage order (at the
// root of DeepSeek-OCR: sam, vision, projector, then the decoder), keeping
// trace order within a stage; and attaches the profile's notes to the nodes
// and group variants whose addresses match (`sam_model.blocks.[2,5,8,11]`
// -> "global attention" on that variant of the SAM stack).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Address.h"

#include <algorithm>

#define DEBUG_TYPE "annotate-stage"

STATISTIC(NumStaged, "Number of nodes given a stage");
STATISTIC(NumNotes, "Number of profile notes attached");

using namespace dsocr;

namespace {
class AnnotateStage : public Pass {
public:
  llvm::StringRef name() const override { return "annotate-stage"; }
  llvm::StringRef description() const override {
    return "Assign stages and notes from the model profile";
  }
  bool run(CallGraph &G, PassContext &Ctx) override;
};
} // namespace

bool AnnotateStage::run(CallGraph &G, PassContext &Ctx) {
  const Profile &Prof = Ctx.Prof;
  G.walkPreOrder([&](Node *N) {
    if (N->isRoot())
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
      for (Variant &V : N->getOrCreateExtra().Variants)
        if (matchAddressGlob(R.Match, makeIndexedPattern(Base, V.Members))) {
          addNote(V.Notes, R.Note);
          ++NumNotes;
        }
    }
  });
  if (!Prof.Stages.empty())
    G.walkPreOrder([&](Node *N) {
      std::stable_sort(N->children().begin(), N->children().end(),
                       [&](const Node *A, const Node *B) {
                         return Prof.stageRank(A->stage()) <
                                Prof.stageRank(B->stage());
                       });
    });
  return true;
}

std::unique_ptr<Pass> dsocr::createAnnotateStagePass() {
  return std::make_unique<AnnotateStage>();
}
