//===- DiffDriver.cpp - What dsocr-diff does, as a library ----------------===//
//
// Reading both inputs (by content: IR, grouped JSON or a trace), grouping
// the traces and IR with one pipeline and the profile -profile names (else
// each the profile of the model it is), diffing, and writing the report
// atomically.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/DiffDriver.h"

#include "dsocr/Diff/DiffModel.h"
#include "dsocr/Diff/DiffOutput.h"
#include "dsocr/Diff/Differ.h"
#include "dsocr/Driver/CommonOptions.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/AtomicOutput.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <map>

using namespace dsocr;

/// The IR parser and the passes recurse once per level of the call tree:
/// the work runs on a thread with room for it (as dsocr-opt's does).
constexpr unsigned WorkerStackBytes = 512u << 20;

namespace {

class DiffRun {
public:
  DiffRun(const DiffConfig &C) : C(C), Diags(llvm::errs(), "dsocr-diff") {}
  int run();

private:
  bool checkOptions();
  bool load(const std::string &Path, const std::string &EventsPath,
            DiffModel &M);
  bool events(const std::string &Path, std::vector<RuntimeEvent> &Out);
  bool group(CallGraph &G, DiffModel &M);
  InputLimits limits() const {
    return {C.MaxInputBytes, C.MaxStreamInputBytes};
  }
  /// Each side's events file: its own, else the one -events names.
  const std::string &leftEvents() const {
    return C.LeftEventsPath.empty() ? C.EventsPath : C.LeftEventsPath;
  }
  const std::string &rightEvents() const {
    return C.RightEventsPath.empty() ? C.EventsPath : C.RightEventsPath;
  }

  const DiffConfig &C;
  Diagnostics Diags;
  /// -profile, read once; null: chosen per input.
  std::unique_ptr<Profile> Forced;
  llvm::Optional<std::vector<PipelineElement>> Pipeline;
  /// Events files as read, by path: one file may serve both sides.
  std::map<std::string, std::vector<RuntimeEvent>> EventsRead;
};

} // namespace

bool DiffRun::group(CallGraph &G, DiffModel &M) {
  std::unique_ptr<Profile> Chosen;
  const Profile *Prof = Forced.get();
  if (!Prof) {
    std::string Why;
    Chosen = chooseProfileFor(G, Diags, Why);
    if (!(Prof = Chosen.get()))
      return false;
  }
  PassManager PM;
  PM.addPasses(Pipeline ? *Pipeline
                        : viewPipelineElements(C.View, G.hasTree()));
  PassContext Ctx{Diags, *Prof, C.Options};
  if (!PM.run(G, Ctx))
    return false;
  if (!G.hasTree()) {
    Diags.error(nullptr, "'" + G.sourceName() +
                             "': the pipeline leaves no call tree to compare: "
                             "run 'parse-edges'");
    return false;
  }
  M = diffModelOf(G);
  M.Profile = Prof->Name;
  M.Pipeline = PM.passTexts();
  return true;
}

bool DiffRun::events(const std::string &Path, std::vector<RuntimeEvent> &Out) {
  auto It = EventsRead.find(Path);
  if (It == EventsRead.end()) {
    const llvm::MemoryBuffer *Buf = readInputBuffer(Path, limits(), Diags);
    std::vector<RuntimeEvent> Read;
    if (!Buf || !parseRuntimeEventsFile(*Buf, Diags, Read))
      return false;
    It = EventsRead.emplace(Path, std::move(Read)).first;
  }
  Out = It->second;
  return true;
}

bool DiffRun::load(const std::string &Path, const std::string &EventsPath,
                   DiffModel &M) {
  const llvm::MemoryBuffer *Input = readInputBuffer(Path, limits(), Diags);
  if (!Input)
    return false;
  std::string Name =
      Path == "-" ? "<stdin>" : llvm::sys::path::filename(Path).str();
  if (C.Input == InputFormat::Auto &&
      looksLikeGroupedJSON(Input->getBuffer())) {
    if (!EventsPath.empty()) {
      Diags.error(nullptr, "'" + Name +
                               "' is grouped JSON, grouped with the events "
                               "it had: events from '" +
                               EventsPath + "' cannot apply to it");
      return false;
    }
    std::unique_ptr<JValue> Doc = parseLocatedJSON(*Input, Diags);
    if (!Doc || !readGroupedJSON(*Doc, M, Diags))
      return false;
    M.Source = Name;
    return true;
  }
  CallGraph G;
  if (!readGraphInput(Path, *Input, C.Input, G, Diags))
    return false;
  if (!EventsPath.empty() && !events(EventsPath, G.runtimeEvents()))
    return false;
  return group(G, M);
}

bool DiffRun::checkOptions() {
  if (C.LeftPath == "-" && C.RightPath == "-") {
    Diags.error(nullptr, "only one of the inputs can be standard input ('-')");
    return false;
  }
  if ((leftEvents() == "-" || rightEvents() == "-") &&
      (C.LeftPath == "-" || C.RightPath == "-")) {
    Diags.error(nullptr, "standard input ('-') cannot be both an input and "
                         "an events file");
    return false;
  }
  return parseGroupingPipeline(C.Pipeline, C.View, Diags, Pipeline);
}

int DiffRun::run() {
  if (!checkOptions())
    return DiffTrouble;
  if (!C.ProfileName.empty() && !(Forced = loadProfile(C.ProfileName, Diags)))
    return DiffTrouble;
  DiffModel Left, Right;
  if (!load(C.LeftPath, leftEvents(), Left) ||
      !load(C.RightPath, rightEvents(), Right))
    return DiffTrouble;
  DiffResult D = diffModels(Left, Right);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (C.Format == DiffFormat::JSON)
    writeDiffJSON(D, OS);
  else
    writeDiffMarkdown(D, OS);
  OS.flush();
  // Written whole at the end, or not at all (AtomicOutput.h).
  AtomicOutputSet Out;
  Out.add(C.OutputPath, std::move(Text));
  if (!Out.commit(Diags))
    return DiffTrouble;
  return D.equal() ? DiffSame : DiffDiffer;
}

int dsocr::runDiff(const DiffConfig &C) {
  int Result = DiffTrouble;
  llvm::thread Worker(llvm::Optional<unsigned>(WorkerStackBytes),
                      [&]() { Result = DiffRun(C).run(); });
  Worker.join();
  return Result;
}
