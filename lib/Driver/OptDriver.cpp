//===- OptDriver.cpp - What dsocr-opt does, as a library ------------------===//
//
// One run reads its input (JSON trace or IR), runs the pipeline with its
// instrumentation, emits into memory and writes every output atomically at
// the end, each a step of OptRun; several inputs run as a batch on a pool
// of threads, each into its own folder (BatchRunner).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/Driver/OptDriver.h"

#include "dsocr/Driver/CommonOptions.h"
#include "dsocr/Driver/InputReader.h"
#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/PassInstrumentation.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/AtomicOutput.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <atomic>
#include <mutex>

using namespace dsocr;

/// Stack of the thread that does the work: the IR parser, printer and
/// emitters recurse once per level of the call tree (at most MaxIRNesting),
/// which the usual 8 MiB stack cannot always hold, least of all under
/// AddressSanitizer. Only the pages used are ever committed.
constexpr unsigned WorkerStackBytes = 512u << 20;

namespace {

/// What every run of one invocation shares, read-only: the profile and the
/// pipeline, each read or parsed once.
struct SharedInputs {
  /// The profile -profile named; null: each input gets the built-in profile
  /// of the model it is (chooseBuiltinProfile).
  const Profile *Forced;
  /// -passes as parsed; None: the default pipeline.
  llvm::Optional<std::vector<PipelineElement>> Pipeline;
};

/// Where one run writes: its diagnostics and instrumentation (Err) and its
/// messages on standard output (Out); in a batch, buffers printed in input
/// order.
struct RunStreams {
  llvm::raw_ostream &Err;
  llvm::raw_ostream &Out;
  bool PrintStatistics;
};

/// One input, from reading to committing its outputs.
class OptRun {
public:
  OptRun(const OptConfig &C, const SharedInputs &Shared, RunStreams S);
  ~OptRun();
  /// The exit code of this input.
  int run();

private:
  bool readInput();
  bool chooseProfile();
  bool runPipeline();
  bool emitOutputs();
  bool emitReport();
  bool commitOutputs();
  void reportTimers();
  llvm::Timer *timer(llvm::StringRef Phase) {
    return Timers ? &Timers->timer(Phase) : nullptr;
  }

  const OptConfig &C;
  const SharedInputs &Shared;
  RunStreams S;
  // The graph and the input (owned by Diags) are freed at the end unless
  // C.DisableFree: a process about to exit need not walk millions of nodes
  // to give their memory back (clang's -disable-free does the same).
  std::unique_ptr<Diagnostics> Diags;
  std::unique_ptr<CallGraph> G;
  std::unique_ptr<TimePassesHandler> Timers;
  PassManager PM;
  AtomicOutputSet Outputs;
  // This input's profile (the shared one, or the one chosen for it), and
  // why it is the one.
  const Profile *Prof = nullptr;
  std::unique_ptr<Profile> Chosen;
  std::string ProfileWhy;
};

} // namespace

OptRun::OptRun(const OptConfig &C, const SharedInputs &Shared, RunStreams S)
    : C(C), Shared(Shared), S(S),
      Diags(std::make_unique<Diagnostics>(S.Err, "dsocr-opt")),
      G(std::make_unique<CallGraph>()) {
  if (C.TimePasses)
    Timers = std::make_unique<TimePassesHandler>();
}

OptRun::~OptRun() {
  // A failed run reports what it timed too, on this run's stream (LLVM
  // would print it to stderr when the timers are destroyed).
  reportTimers();
  if (C.DisableFree) {
    llvm::BuryPointer(std::move(G));
    llvm::BuryPointer(std::move(Diags));
  }
}

int OptRun::run() {
  if (!readInput() || !chooseProfile() || !runPipeline() || !emitOutputs() ||
      !commitOutputs())
    return 1;
  reportTimers();
  if (S.PrintStatistics && llvm::AreStatisticsEnabled())
    llvm::PrintStatistics(S.Err);
  return 0;
}

void OptRun::reportTimers() {
  if (!Timers)
    return;
  Timers->print(S.Err);
  Timers.reset();
}

bool OptRun::readInput() {
  llvm::TimeRegion Region(timer("read input"));
  llvm::StringRef Path =
      C.InputPaths.empty() ? llvm::StringRef("-") : C.InputPaths.front();
  InputLimits Limits{C.MaxInputBytes, C.MaxStreamInputBytes};
  const llvm::MemoryBuffer *Input = readInputBuffer(Path, Limits, *Diags);
  if (!Input || !readGraphInput(Path, *Input, C.Input, *G, *Diags))
    return false;
  // -events FILE: the run's events replace those the input had.
  return C.EventsPath.empty() ||
         readEventsInput(C.EventsPath, Limits, *G, *Diags);
}

/// The profile -profile named, else the built-in profile of the model the
/// trace is (by its module classes), else the generic one.
bool OptRun::chooseProfile() {
  if (Shared.Forced) {
    Prof = Shared.Forced;
    ProfileWhy = "chosen with -profile";
    return true;
  }
  Chosen = chooseProfileFor(*G, *Diags, ProfileWhy);
  Prof = Chosen.get();
  return Prof != nullptr;
}

/// Without -passes, the default pipeline runs from where the input is: on
/// IR already in tree form, parse-edges has nothing to do.
bool OptRun::runPipeline() {
  PM.addPasses(Shared.Pipeline ? *Shared.Pipeline
                               : viewPipelineElements(C.View, G->hasTree()));
  PassInstrumentationCallbacks PIC;
  registerPrintIR(PIC, C.Print, S.Err);
  if (C.VerifyEach)
    registerVerifyEach(PIC, *Diags);
  if (Timers)
    Timers->registerCallbacks(PIC);
  PassContext Ctx{*Diags, *Prof, C.Options};
  return PM.run(*G, Ctx, &PIC);
}

/// Renders DOT text to SVG with Graphviz's `dot`, if it is installed.
/// Returns None (after a warning if dot failed) when there is no picture.
static llvm::Optional<std::string> renderSVG(llvm::StringRef DOT,
                                             Diagnostics &Diags) {
  llvm::ErrorOr<std::string> Dot = llvm::sys::findProgramByName("dot");
  if (!Dot)
    return llvm::None;
  llvm::SmallString<128> In, Out, Err;
  int FD;
  if (llvm::sys::fs::createTemporaryFile("dsocr", "dot", FD, In))
    return llvm::None;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << DOT;
  }
  llvm::sys::fs::createTemporaryFile("dsocr", "svg", Out);
  llvm::sys::fs::createTemporaryFile("dsocr", "err", Err);
  llvm::StringRef Args[] = {*Dot, "-Tsvg", In};
  llvm::Optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(Out), llvm::StringRef(Err)};
  std::string ErrMsg;
  int RC = llvm::sys::ExecuteAndWait(*Dot, Args, llvm::None, Redirects,
                                     /*SecondsToWait=*/120, 0, &ErrMsg);
  llvm::Optional<std::string> SVG;
  auto Buf = llvm::MemoryBuffer::getFile(Out);
  if (RC == 0 && Buf)
    SVG = (*Buf)->getBuffer().str();
  else
    Diags.warning(
        nullptr,
        "dot could not render the picture (" +
            (ErrMsg.empty() ? "exit code " + std::to_string(RC) : ErrMsg) +
            "); writing no .svg");
  llvm::sys::fs::remove(In);
  llvm::sys::fs::remove(Out);
  llvm::sys::fs::remove(Err);
  return SVG;
}

static EmitContext makeEmitContext(const CallGraph &G, const Profile &Prof,
                                   llvm::StringRef ProfileWhy,
                                   const PassManager &PM,
                                   const PassOptions &Options) {
  EmitContext E;
  E.SourceName = G.sourceName().str();
  E.ProfileName = Prof.Name;
  E.ProfileTitle = Prof.Title;
  E.ProfileWhy = ProfileWhy.str();
  E.Pipeline = PM.passTexts();
  E.MinFamilySize = Options.MinFamilySize;
  E.MinParFor = Options.MinParFor;
  E.MaxOpVariants = Options.MaxOpVariants;
  return E;
}

/// -output-dir: the report files, and the picture when dot renders it.
bool OptRun::emitReport() {
  if (!G->hasTree()) {
    Diags->error(nullptr, "-output-dir writes the grouped report, which "
                          "needs the call tree: run 'parse-edges'");
    return false;
  }
  if (std::error_code EC = llvm::sys::fs::create_directories(C.OutputDir)) {
    Diags->error(nullptr,
                 "cannot create '" + C.OutputDir + "': " + EC.message());
    return false;
  }
  auto InDir = [&](const char *Name) {
    llvm::SmallString<256> Path(C.OutputDir);
    llvm::sys::path::append(Path, Name);
    return std::string(Path);
  };
  EmitContext E = makeEmitContext(*G, *Prof, ProfileWhy, PM, C.Options);
  llvm::Optional<std::string> SVG;
  for (const ReportFile &F : reportFiles()) {
    std::string Text = emitToString(F.Format, *G, E);
    if (F.Format == EmitFormat::DOT && C.RenderSVG) {
      SVG = renderSVG(Text, *Diags);
      // The HTML report, written after the DOT file, shows the picture.
      if (SVG && htmlShowsPicture(*G))
        E.PictureSVG = *SVG;
    }
    Outputs.add(InDir(F.FileName), std::move(Text));
  }
  if (SVG)
    Outputs.add(InDir(ReportSVGFileName), std::move(*SVG));
  return true;
}

/// Emits into memory: nothing is written before every output is ready.
bool OptRun::emitOutputs() {
  llvm::TimeRegion Region(timer("emit outputs"));
  if (!C.OutputDir.empty())
    return emitReport();
  if (emitNeedsTree(C.Emit) && !G->hasTree()) {
    Diags->error(nullptr, "-emit=" + emitFormatName(C.Emit) +
                              " needs the call tree: run 'parse-edges' "
                              "(or use -emit=ir)");
    return false;
  }
  EmitContext E = makeEmitContext(*G, *Prof, ProfileWhy, PM, C.Options);
  // The HTML report shows the picture, which Graphviz draws if it can.
  if (C.Emit == EmitFormat::HTML && C.RenderSVG && htmlShowsPicture(*G))
    if (llvm::Optional<std::string> SVG =
            renderSVG(emitToString(EmitFormat::DOT, *G, E), *Diags))
      E.PictureSVG = std::move(*SVG);
  Outputs.add(C.OutputPath, emitToString(C.Emit, *G, E));
  return true;
}

bool OptRun::commitOutputs() {
  if (!Outputs.commit(*Diags))
    return false;
  if (!C.OutputDir.empty())
    for (const std::string &P : Outputs.paths())
      S.Out << "dsocr-opt: wrote " << P << '\n';
  return true;
}

namespace {

/// Several inputs (-j N): each runs alone, on a pool of N threads, and
/// writes its own folder under -output-dir. A failing input writes nothing
/// and does not stop the others; messages come out in input order.
class BatchRunner {
public:
  BatchRunner(const OptConfig &C, const SharedInputs &Shared,
              Diagnostics &Diags)
      : C(C), Shared(Shared), Diags(Diags) {}
  int run();

private:
  struct Outcome {
    std::string Err, Out;
    int Code = 1;
    bool Done = false;
  };
  bool planJobs();
  void shareCores();
  void work();
  void printFinished();

  const OptConfig &C;
  const SharedInputs &Shared;
  Diagnostics &Diags;
  std::vector<OptConfig> Jobs;
  std::vector<Outcome> Outcomes;
  std::atomic<size_t> Next{0};
  std::mutex PrintMutex;
  size_t Printed = 0;
  unsigned Threads = 1;
};

} // namespace

/// The folder of a batch input's report: its file name without a `.json`
/// or `.ir` extension.
static std::string reportFolderName(llvm::StringRef Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  llvm::StringRef Ext = llvm::sys::path::extension(Name);
  if (Ext == ".json" || Ext == ".ir")
    Name = Name.drop_back(Ext.size());
  return Name.str();
}

/// One configuration per input, each writing to its own folder.
bool BatchRunner::planJobs() {
  if (C.OutputPath != "-") {
    Diags.error(nullptr, "-o takes one input; with several, use -output-dir "
                         "(each input gets a folder there)");
    return false;
  }
  if (C.OutputDir.empty()) {
    Diags.error(nullptr, "several inputs need -output-dir: each input's "
                         "report is written to a folder of its own there");
    return false;
  }
  llvm::StringMap<std::string> FolderOwner;
  for (const std::string &Path : C.InputPaths) {
    if (Path == "-") {
      Diags.error(nullptr,
                  "standard input ('-') cannot be one of several inputs");
      return false;
    }
    std::string Folder = reportFolderName(Path);
    if (Folder.empty() || Folder == "." || Folder == "..") {
      Diags.error(nullptr, "cannot name a report folder after '" + Path +
                               "': give the input as a file name");
      return false;
    }
    auto Inserted = FolderOwner.try_emplace(Folder, Path);
    if (!Inserted.second) {
      Diags.error(nullptr, "'" + Inserted.first->second + "' and '" + Path +
                               "' would both write to folder '" + Folder +
                               "' of -output-dir");
      return false;
    }
    OptConfig J = C;
    J.InputPaths = {Path};
    llvm::SmallString<256> Dir(C.OutputDir);
    llvm::sys::path::append(Dir, Folder);
    J.OutputDir = std::string(Dir);
    J.DisableFree = false; // later inputs need the memory
    J.Jobs = 1;
    Jobs.push_back(std::move(J));
  }
  return true;
}

/// The cores are shared out between the runs: threads within a run (for
/// signatures) only use what the other runs leave.
void BatchRunner::shareCores() {
  Threads = unsigned(std::min<size_t>(
      llvm::hardware_concurrency(C.Jobs).compute_thread_count(), Jobs.size()));
  unsigned ThreadsPerRun = std::max(
      1u, llvm::hardware_concurrency(C.Options.Threads).compute_thread_count() /
              Threads);
  for (OptConfig &J : Jobs)
    J.Options.Threads = ThreadsPerRun;
}

/// Prints, in input order, every finished run not printed yet; called with
/// PrintMutex held.
void BatchRunner::printFinished() {
  for (; Printed < Outcomes.size() && Outcomes[Printed].Done; ++Printed) {
    Outcome &P = Outcomes[Printed];
    llvm::errs() << P.Err;
    llvm::outs() << P.Out;
    llvm::errs().flush();
    llvm::outs().flush();
    P.Err.clear();
    P.Out.clear();
  }
}

void BatchRunner::work() {
  for (size_t I; (I = Next++) < Jobs.size();) {
    Outcome &O = Outcomes[I];
    {
      llvm::raw_string_ostream Err(O.Err), Out(O.Out);
      O.Code = OptRun(Jobs[I], Shared, {Err, Out, false}).run();
    }
    std::lock_guard<std::mutex> Lock(PrintMutex);
    O.Done = true;
    printFinished();
  }
}

int BatchRunner::run() {
  if (!planJobs())
    return 1;
  Outcomes.resize(Jobs.size());
  // LLVM creates the timers' global lock on first use, and that creation
  // is not meant to race: make it happen here, before the workers start.
  if (C.TimePasses)
    TimePassesHandler();
  shareCores();
  std::vector<llvm::thread> Workers;
  for (unsigned T = 0; T < Threads; ++T)
    Workers.emplace_back(llvm::Optional<unsigned>(WorkerStackBytes),
                         [this]() { work(); });
  for (llvm::thread &W : Workers)
    W.join();

  size_t Failed =
      llvm::count_if(Outcomes, [](const Outcome &O) { return O.Code != 0; });
  if (llvm::AreStatisticsEnabled())
    llvm::PrintStatistics(llvm::errs());
  if (Failed) {
    Diags.error(nullptr, std::to_string(Failed) + " of " +
                             std::to_string(Jobs.size()) +
                             " inputs failed; they wrote no output");
    return 1;
  }
  return 0;
}

/// Checks the options that do not depend on the input and parses the
/// pipeline.
static bool
checkOptions(const OptConfig &C, Diagnostics &Diags,
             llvm::Optional<std::vector<PipelineElement>> &Pipeline) {
  if (!C.OutputDir.empty() && C.OutputPath != "-") {
    Diags.error(nullptr, "-o and -output-dir cannot be used together");
    return false;
  }
  return parseGroupingPipeline(C.Pipeline, C.View, Diags, Pipeline,
                               C.EnableTestPasses);
}

int dsocr::runOpt(const OptConfig &C) {
  // Options and the profile are checked once, before any input is read: in
  // a batch a bad option is one error, not one per input. The profile is
  // read-only and shared by the runs.
  Diagnostics Diags(llvm::errs(), "dsocr-opt");
  llvm::Optional<std::vector<PipelineElement>> Pipeline;
  if (!checkOptions(C, Diags, Pipeline))
    return 1;
  std::unique_ptr<Profile> Prof;
  if (!C.ProfileName.empty()) {
    Prof = loadProfile(C.ProfileName, Diags);
    if (!Prof)
      return 1;
  }
  SharedInputs Ready{Prof.get(), std::move(Pipeline)};
  if (C.InputPaths.size() > 1)
    return BatchRunner(C, Ready, Diags).run();
  int Result = 1;
  llvm::thread Worker(llvm::Optional<unsigned>(WorkerStackBytes), [&]() {
    Result = OptRun(C, Ready, {llvm::errs(), llvm::outs(), true}).run();
  });
  Worker.join();
  return Result;
}
