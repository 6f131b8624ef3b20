//===- PassManager.cpp - Running a pipeline of passes ---------------------===//
//
// Checks each pass's needs, runs it with its parameters applied and calls
// the instrumentation around it.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/PassManager.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/PassInstrumentation.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Support/Diagnostics.h"

using namespace dsocr;
using llvm::StringRef;

Pass::~Pass() = default;

std::vector<PipelineElement> dsocr::defaultPipelineElements(bool InputIsTree) {
  std::vector<PipelineElement> Out;
  for (const PassInfo *P : defaultPipeline())
    if (!(InputIsTree && P->Needs == PassNeeds::Trace))
      Out.push_back({P, {}});
  return Out;
}

std::vector<PipelineElement> dsocr::viewPipelineElements(PipelineView View,
                                                         bool InputIsTree) {
  std::vector<PipelineElement> Out = defaultPipelineElements(InputIsTree);
  if (View == PipelineView::Stages)
    Out.push_back({lookupPass("collapse-stages"), {}});
  return Out;
}

PassManager::PassManager() = default;
PassManager::~PassManager() = default;

void PassManager::addPass(PipelineElement E) {
  std::unique_ptr<Pass> P = E.Info->Create();
  Passes.push_back({std::move(E), std::move(P)});
}

void PassManager::addPasses(const std::vector<PipelineElement> &Elements) {
  for (const PipelineElement &E : Elements)
    addPass(E);
}

bool PassManager::parsePipeline(StringRef Text, Diagnostics &Diags,
                                bool AllowTestPasses) {
  auto Elements = parsePassPipeline(Text, Diags, "-passes", AllowTestPasses);
  if (!Elements)
    return false;
  addPasses(*Elements);
  return true;
}

std::vector<std::string> PassManager::passTexts() const {
  std::vector<std::string> Out;
  for (const Entry &E : Passes)
    Out.push_back(E.Element.text());
  return Out;
}

std::string PassManager::pipelineText() const {
  std::string Out;
  for (const Entry &E : Passes)
    Out += (Out.empty() ? "" : ",") + E.Element.text();
  return Out;
}

static bool familiesDiscovered(const CallGraph &G) {
  const Node *R = G.root();
  return R && R->extra() && R->extra()->FamiliesDiscovered;
}

bool PassManager::checkNeeds(const PipelineElement &E, const CallGraph &G,
                             Diagnostics &Diags) const {
  StringRef Name = E.name();
  PassNeeds Needs = E.Info->Needs;
  if (Needs == PassNeeds::Trace && G.hasTree()) {
    Diags.error(nullptr, "pass '" + Name +
                             "' needs the trace form, but the input "
                             "is already a call tree");
    return false;
  }
  if ((Needs == PassNeeds::Tree || Needs == PassNeeds::TreeWithFamilies) &&
      !G.hasTree()) {
    Diags.error(nullptr, "pass '" + Name +
                             "' needs the call tree: run "
                             "'parse-edges' before it (for example "
                             "-passes=parse-edges," +
                             Name + ")");
    return false;
  }
  if (Needs == PassNeeds::TreeWithFamilies && !familiesDiscovered(G)) {
    Diags.error(nullptr, "pass '" + Name +
                             "' needs the families found by "
                             "'discover-families': run it before '" +
                             Name + "'");
    return false;
  }
  return true;
}

bool PassManager::run(CallGraph &G, PassContext &Ctx,
                      PassInstrumentationCallbacks *PIC) {
  for (Entry &E : Passes) {
    StringRef Name = E.Element.name();
    if (!checkNeeds(E.Element, G, Ctx.Diags))
      return false;
    if (PIC)
      PIC->runBeforePass(Name, G);
    PassContext PassCtx{Ctx.Diags, Ctx.Prof, E.Element.apply(Ctx.Options)};
    if (!E.P->run(G, PassCtx)) {
      if (PIC)
        PIC->runAfterPassFailed(Name);
      return false;
    }
    if (PIC && !PIC->runAfterPass(Name, G))
      return false;
  }
  return true;
}
