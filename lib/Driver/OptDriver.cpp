//===- OptDriver.cpp - What dsocr-opt does, as a library ------------------===//
//
// Read (JSON trace or IR), run the pipeline with instrumentation, emit, and
// write every output atomically at the end; several inputs run as a batch
// on a pool of threads, each into its own folder.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/Driver/OptDriver.h"

#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRParser.h"
#include "dsocr/IR/Verifier.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/AtomicOutput.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/InputFile.h"
#include "dsocr/Trace/TraceReader.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/thread.h"

#include <atomic>
#include <mutex>

using namespace dsocr;

const char *const dsocr::GroupedJSONFileName = "dsocr-call-graph-grouped.json";
const char *const dsocr::GroupedMarkdownFileName =
    "dsocr-call-graph-grouped.md";
const char *const dsocr::GroupedDOTFileName = "dsocr-call-graph-grouped.dot";
const char *const dsocr::GroupedMermaidFileName =
    "dsocr-call-graph-grouped.mmd";
const char *const dsocr::GroupedSVGFileName = "dsocr-call-graph-grouped.svg";

void dsocr::listPasses() {
  llvm::raw_ostream &OS = llvm::outs();
  OS << "Registered passes (default pipeline marked *):\n";
  size_t Width = 0;
  for (const PassInfo &P : registeredPasses())
    Width = std::max(Width, P.Name.size());
  for (const PassInfo &P : registeredPasses()) {
    bool InDefault = llvm::is_contained(defaultPipeline(), P.Name);
    OS << "  " << (InDefault ? '*' : ' ') << ' ' << P.Name;
    OS.indent(Width - P.Name.size() + 2);
    OS << P.Description << '\n';
  }
}

namespace {

/// Reads the input within the size limits (see InputFile.h).
const llvm::MemoryBuffer *readInput(const OptConfig &C, llvm::StringRef Path,
                                    Diagnostics &Diags,
                                    std::string &DisplayName) {
  bool Stdin = Path == "-";
  DisplayName = Stdin ? "<stdin>" : Path.str();
  InputError Error;
  std::unique_ptr<llvm::MemoryBuffer> Buf =
      readInputFile(Path, {C.MaxInputBytes, C.MaxStreamInputBytes}, Error);
  if (Buf)
    return Diags.addBuffer(std::move(Buf), DisplayName);
  std::string Subject = Stdin ? "standard input" : "'" + Path.str() + "'";
  switch (Error.K) {
  case InputError::Unreadable:
    Diags.error(nullptr, "cannot read " + Subject + ": " + Error.Reason);
    break;
  case InputError::Directory:
    Diags.error(nullptr, "cannot read " + Subject +
                             ": it is a directory, not a trace file");
    break;
  case InputError::TooLarge:
    Diags.error(nullptr,
                Subject + " " + Error.Reason + " (see -max-input-size)");
    break;
  }
  return nullptr;
}

/// Renders DOT text to SVG with Graphviz's `dot`, if it is installed.
/// Returns None (after a warning if dot failed) when there is no picture.
llvm::Optional<std::string> renderSVG(llvm::StringRef DOT, Diagnostics &Diags) {
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

} // namespace

/// Stack of the thread that does the work: the IR parser, printer and
/// emitters recurse once per level of the call tree (at most MaxIRNesting),
/// which the usual 8 MiB stack cannot always hold, least of all under
/// AddressSanitizer. Only the pages used are ever committed.
constexpr unsigned WorkerStackBytes = 512u << 20;

namespace {
/// Where one run writes: its diagnostics and instrumentation (Err) and its
/// messages on standard output (Out); in a batch, buffers printed in input
/// order.
struct RunStreams {
  llvm::raw_ostream &Err;
  llvm::raw_ostream &Out;
  bool PrintStatistics;
};
} // namespace

static int runOptOnThisThread(const OptConfig &C, const Profile &Prof,
                              RunStreams S);
static int runBatch(const OptConfig &C, const Profile &Prof,
                    Diagnostics &Diags);

/// Checks the options that do not depend on the input.
static bool checkOptions(const OptConfig &C, Diagnostics &Diags) {
  if (C.InputFormat != "auto" && C.InputFormat != "json" &&
      C.InputFormat != "ir") {
    Diags.error(nullptr, "unknown input format '" + C.InputFormat +
                             "' for -x (expected json, ir or auto)");
    return false;
  }
  if (!parseEmitFormat(C.Emit)) {
    Diags.error(nullptr,
                "unknown output format '" + C.Emit +
                    "' for -emit (expected ir, json, md, dot or mermaid)");
    return false;
  }
  if (!C.OutputDir.empty() && C.OutputPath != "-") {
    Diags.error(nullptr, "-o and -output-dir cannot be used together");
    return false;
  }
  std::string PipelineError;
  if (C.PipelineGiven &&
      !PassManager().parsePipeline(C.Pipeline, PipelineError)) {
    Diags.error(nullptr, "-passes: " + PipelineError);
    return false;
  }
  for (const auto *List : {&C.PrintBefore, &C.PrintAfter})
    for (const std::string &Name : *List)
      if (!lookupPass(Name)) {
        Diags.error(nullptr, "-print-before/-print-after: unknown pass '" +
                                 Name + "' (see -list-passes)");
        return false;
      }
  return true;
}

int dsocr::runOpt(const OptConfig &C) {
  // Options and the profile are checked once, before any input is read: in
  // a batch a bad option is one error, not one per input. The profile is
  // read-only and shared by the runs.
  Diagnostics Diags(llvm::errs(), "dsocr-opt");
  if (!checkOptions(C, Diags))
    return 1;
  std::unique_ptr<Profile> Prof = loadProfile(C.ProfileName, Diags);
  if (!Prof)
    return 1;
  if (C.InputPaths.size() > 1)
    return runBatch(C, *Prof, Diags);
  int Result = 1;
  llvm::thread Worker(llvm::Optional<unsigned>(WorkerStackBytes), [&]() {
    Result = runOptOnThisThread(C, *Prof, {llvm::errs(), llvm::outs(), true});
  });
  Worker.join();
  return Result;
}

/// The folder of a batch input's report: its file name without a `.json`
/// or `.ir` extension.
static std::string reportFolderName(llvm::StringRef Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  llvm::StringRef Ext = llvm::sys::path::extension(Name);
  if (Ext == ".json" || Ext == ".ir")
    Name = Name.drop_back(Ext.size());
  return Name.str();
}

/// Several inputs (-j N): each runs alone, on a pool of N threads, and
/// writes its own folder under -output-dir. A failing input writes nothing
/// and does not stop the others; messages come out in input order.
static int runBatch(const OptConfig &C, const Profile &Prof,
                    Diagnostics &Diags) {
  if (C.OutputPath != "-") {
    Diags.error(nullptr, "-o takes one input; with several, use -output-dir "
                         "(each input gets a folder there)");
    return 1;
  }
  if (C.OutputDir.empty()) {
    Diags.error(nullptr, "several inputs need -output-dir: each input's "
                         "report is written to a folder of its own there");
    return 1;
  }
  std::vector<OptConfig> Jobs;
  llvm::StringMap<std::string> FolderOwner;
  for (const std::string &Path : C.InputPaths) {
    if (Path == "-") {
      Diags.error(nullptr,
                  "standard input ('-') cannot be one of several inputs");
      return 1;
    }
    std::string Folder = reportFolderName(Path);
    if (Folder.empty() || Folder == "." || Folder == "..") {
      Diags.error(nullptr, "cannot name a report folder after '" + Path +
                               "': give the input as a file name");
      return 1;
    }
    auto Inserted = FolderOwner.try_emplace(Folder, Path);
    if (!Inserted.second) {
      Diags.error(nullptr, "'" + Inserted.first->second + "' and '" + Path +
                               "' would both write to folder '" + Folder +
                               "' of -output-dir");
      return 1;
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

  struct Outcome {
    std::string Err, Out;
    int Code = 1;
    bool Done = false;
  };
  std::vector<Outcome> Outcomes(Jobs.size());
  std::atomic<size_t> Next{0};
  std::mutex PrintMutex;
  size_t Printed = 0;
  auto Work = [&]() {
    for (size_t I; (I = Next++) < Jobs.size();) {
      Outcome &O = Outcomes[I];
      {
        llvm::raw_string_ostream Err(O.Err), Out(O.Out);
        O.Code = runOptOnThisThread(Jobs[I], Prof, {Err, Out, false});
      }
      std::lock_guard<std::mutex> Lock(PrintMutex);
      O.Done = true;
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
  };
  // LLVM creates the timers' global lock on first use, and that creation
  // is not meant to race: make it happen here, before the workers start.
  if (C.TimePasses)
    PassTimers();
  unsigned Threads = unsigned(std::min<size_t>(
      llvm::hardware_concurrency(C.Jobs).compute_thread_count(), Jobs.size()));
  // The cores are shared out between the runs: threads within a run (for
  // signatures) only use what the other runs leave.
  unsigned ThreadsPerRun = std::max(
      1u, llvm::hardware_concurrency(C.Options.Threads).compute_thread_count() /
              Threads);
  for (OptConfig &J : Jobs)
    J.Options.Threads = ThreadsPerRun;
  std::vector<llvm::thread> Workers;
  for (unsigned T = 0; T < Threads; ++T)
    Workers.emplace_back(llvm::Optional<unsigned>(WorkerStackBytes), Work);
  for (llvm::thread &W : Workers)
    W.join();

  size_t Failed = llvm::count_if(
      Outcomes, [](const Outcome &O) { return O.Code != 0; });
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

static int runOptOnThisThread(const OptConfig &C, const Profile &Prof,
                              RunStreams S) {
  // The graph and the input (owned by Diags) are freed at the end unless
  // C.DisableFree: a process about to exit need not walk millions of nodes
  // to give their memory back (clang's -disable-free does the same).
  auto DiagsPtr = std::make_unique<Diagnostics>(S.Err, "dsocr-opt");
  llvm::StringRef InputPath =
      C.InputPaths.empty() ? llvm::StringRef("-") : C.InputPaths.front();
  auto GPtr = std::make_unique<CallGraph>();
  auto Bury = llvm::make_scope_exit([&]() {
    if (!C.DisableFree)
      return;
    llvm::BuryPointer(std::move(GPtr));
    llvm::BuryPointer(std::move(DiagsPtr));
  });
  Diagnostics &Diags = *DiagsPtr;

  // runOpt has checked the format and the pipeline.
  EmitFormat Format = *parseEmitFormat(C.Emit);
  PassManager PM;
  std::string PipelineError;
  if (C.PipelineGiven)
    PM.parsePipeline(C.Pipeline, PipelineError);

  std::unique_ptr<PassTimers> Timers;
  if (C.TimePasses)
    Timers = std::make_unique<PassTimers>();
  // A failed run reports what it timed too, on this run's stream (LLVM
  // would print it to stderr when the timers are destroyed).
  auto ReportTimers = llvm::make_scope_exit([&]() {
    if (Timers)
      Timers->print(S.Err);
  });

  // Read.
  CallGraph &G = *GPtr;
  std::string DisplayName;
  {
    llvm::Timer *T = Timers ? &Timers->timer("read input") : nullptr;
    if (T)
      T->startTimer();
    const llvm::MemoryBuffer *Input =
        readInput(C, InputPath, Diags, DisplayName);
    if (!Input)
      return 1;
    G.setSourceName(InputPath == "-"
                        ? std::string("<stdin>")
                        : llvm::sys::path::filename(InputPath).str());
    // -x auto: a `.json` file is a trace; otherwise IR if the text starts
    // with a word (after comments), else JSON.
    bool IsIR = C.InputFormat == "ir" ||
                (C.InputFormat == "auto" &&
                 !InputPath.endswith(".json") &&
                 looksLikeIR(Input->getBuffer()));
    // IR is verified as it is read, as opt verifies its input: passes may
    // assume valid IR.
    bool OK = IsIR ? parseIR(*Input, G, Diags) && verifyCallGraph(G, Diags)
                   : readTrace(*Input, G, Diags);
    if (T)
      T->stopTimer();
    if (!OK)
      return 1;
  }

  // Run. Without -passes, the default pipeline runs from where the input
  // is: on IR already in tree form, parse-edges has nothing to do.
  if (!C.PipelineGiven)
    for (llvm::StringRef Name : defaultPipeline()) {
      std::unique_ptr<Pass> P = lookupPass(Name)->Create();
      if (G.hasTree() && P->needs() == IRForm::Trace)
        continue;
      PM.addPass(std::move(P));
    }
  PassContext Ctx{Diags, Prof, C.Options};
  Instrumentation Instr;
  Instr.PrintBeforeAll = C.PrintBeforeAll;
  Instr.PrintAfterAll = C.PrintAfterAll;
  Instr.PrintBefore = C.PrintBefore;
  Instr.PrintAfter = C.PrintAfter;
  Instr.VerifyEach = C.VerifyEach;
  Instr.DumpStream = &S.Err;
  Instr.Timers = Timers.get();
  if (!PM.run(G, Ctx, Instr))
    return 1;

  // Emit into memory.
  EmitContext ECtx{Prof, G.sourceName().str(), {}, C.Options};
  for (const auto &P : PM.passes())
    ECtx.Pipeline.push_back(P->name().str());
  AtomicOutputSet Outputs;
  {
    llvm::Timer *T = Timers ? &Timers->timer("emit outputs") : nullptr;
    if (T)
      T->startTimer();
    auto Render = [&](EmitFormat F) {
      std::string Text;
      llvm::raw_string_ostream OS(Text);
      emit(F, G, ECtx, OS);
      OS.flush();
      return Text;
    };
    if (!C.OutputDir.empty()) {
      if (!G.hasTree()) {
        Diags.error(nullptr, "-output-dir writes the grouped report, which "
                             "needs the call tree: run 'parse-edges'");
        return 1;
      }
      if (std::error_code EC = llvm::sys::fs::create_directories(C.OutputDir)) {
        Diags.error(nullptr,
                    "cannot create '" + C.OutputDir + "': " + EC.message());
        return 1;
      }
      auto InDir = [&](const char *Name) {
        llvm::SmallString<256> Path(C.OutputDir);
        llvm::sys::path::append(Path, Name);
        return std::string(Path);
      };
      Outputs.add(InDir(GroupedJSONFileName), Render(EmitFormat::JSON));
      Outputs.add(InDir(GroupedMarkdownFileName), Render(EmitFormat::Markdown));
      std::string DOT = Render(EmitFormat::DOT);
      llvm::Optional<std::string> SVG;
      if (C.RenderSVG)
        SVG = renderSVG(DOT, Diags);
      Outputs.add(InDir(GroupedDOTFileName), std::move(DOT));
      Outputs.add(InDir(GroupedMermaidFileName), Render(EmitFormat::Mermaid));
      if (SVG)
        Outputs.add(InDir(GroupedSVGFileName), std::move(*SVG));
    } else {
      if (emitNeedsTree(Format) && !G.hasTree()) {
        Diags.error(nullptr, "-emit=" + emitFormatName(Format) +
                                 " needs the call tree: run 'parse-edges' "
                                 "(or use -emit=ir)");
        return 1;
      }
      Outputs.add(C.OutputPath, Render(Format));
    }
    if (T)
      T->stopTimer();
  }
  if (!Outputs.commit(Diags))
    return 1;
  if (!C.OutputDir.empty())
    for (const std::string &P : Outputs.paths())
      S.Out << "dsocr-opt: wrote " << P << '\n';

  if (Timers) {
    Timers->print(S.Err);
    Timers.reset();
  }
  if (S.PrintStatistics && llvm::AreStatisticsEnabled())
    llvm::PrintStatistics(S.Err);
  return 0;
}
