//===- dsocr-opt.cpp - The dsocr-opt command-line tool --------------------===//
//
// Parses the command line with LLVM's cl:: options into an OptConfig and
// hands it to the library (dsocr/Driver/OptDriver.h). No logic lives here.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Driver/OptDriver.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/StandardStreams.h"
#include "dsocr/Support/Version.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory Category("dsocr-opt options");

static cl::list<std::string>
    InputPaths(cl::Positional,
               cl::desc("<input trace (.json) or IR ...>"),
               cl::ZeroOrMore, cl::cat(Category));
static cl::opt<unsigned>
    Jobs("j",
         cl::desc("With several inputs, process this many at once (0: one "
                  "per core); each writes to a folder of -output-dir"),
         cl::value_desc("N"), cl::init(1), cl::Prefix, cl::cat(Category));
static cl::opt<std::string> OutputPath("o",
                                       cl::desc("Output file ('-' for "
                                                "standard output)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(Category));
static cl::opt<std::string> OutputDir(
    "output-dir",
    cl::desc("Write dsocr-call-graph-grouped.json, .md, .dot, .mmd (and .svg "
             "when Graphviz is installed) here"),
    cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> RenderSVG(
    "render-svg",
    cl::desc("With -output-dir, render the picture with Graphviz's dot "
             "when it is installed (default true)"),
    cl::init(true), cl::cat(Category));
static cl::opt<std::string>
    Emit("emit",
         cl::desc("Output format: ir, json, md, dot or mermaid (default ir)"),
         cl::value_desc("format"), cl::init("ir"), cl::cat(Category));
static cl::opt<std::string>
    InputKind("x", cl::desc("Input format: json, ir, or auto (by content)"),
              cl::value_desc("format"), cl::init("auto"), cl::cat(Category));
static cl::opt<std::string>
    Passes("passes",
           cl::desc("Comma-separated pipeline (default: the whole grouping "
                    "pipeline; see -list-passes)"),
           cl::value_desc("a,b,c"), cl::cat(Category));
static cl::opt<bool> ListPasses("list-passes",
                                cl::desc("List the passes and exit"),
                                cl::cat(Category));
static cl::opt<std::string>
    ProfileName("profile",
                cl::desc("Model profile: a built-in name (deepseek-ocr, "
                         "generic) or a profile file"),
                cl::value_desc("name|file"), cl::init("deepseek-ocr"),
                cl::cat(Category));
static cl::opt<bool> ListProfiles("list-profiles",
                                  cl::desc("List the built-in profiles and "
                                           "exit"),
                                  cl::cat(Category));
static cl::opt<unsigned>
    MinFamilySize("min-family-size",
                  cl::desc("Fewest members of a family that is folded"),
                  cl::init(2), cl::cat(Category));
static cl::opt<unsigned>
    MinParFor("min-parfor",
              cl::desc("Smallest k for which k calls per caller call are "
                       "marked parfor k"),
              cl::init(2), cl::cat(Category));
static cl::opt<unsigned>
    MaxOpVariants("max-op-variants",
                  cl::desc("Most op-count variants listed per group before "
                           "they are shown as a range"),
                  cl::init(4), cl::cat(Category));
static cl::opt<unsigned>
    PruneDepth("prune-depth",
               cl::desc("Hide nodes more than N levels below the root"),
               cl::value_desc("N"), cl::cat(Category));
static cl::opt<bool>
    PruneLeaves("prune-leaves",
                cl::desc("Hide plain modules without children below the top "
                         "level (default from the profile)"),
                cl::cat(Category));
static cl::opt<uint64_t>
    PruneMinOps("prune-min-ops",
                cl::desc("Hide subtrees with fewer inclusive ops than N"),
                cl::value_desc("N"), cl::cat(Category));
static cl::list<std::string>
    PrunePatterns("prune-pattern",
                  cl::desc("Hide subtrees whose address matches this glob "
                           "(repeatable)"),
                  cl::value_desc("glob"), cl::cat(Category));
static cl::opt<bool> PrintBeforeAll("print-before-all",
                                    cl::desc("Print the IR before each pass"),
                                    cl::cat(Category));
static cl::opt<bool> PrintAfterAll("print-after-all",
                                   cl::desc("Print the IR after each pass"),
                                   cl::cat(Category));
static cl::list<std::string>
    PrintBefore("print-before", cl::desc("Print the IR before these passes"),
                cl::value_desc("pass"), cl::CommaSeparated, cl::cat(Category));
static cl::list<std::string>
    PrintAfter("print-after", cl::desc("Print the IR after these passes"),
               cl::value_desc("pass"), cl::CommaSeparated, cl::cat(Category));
static cl::opt<bool> VerifyEach("verify-each",
                                cl::desc("Verify the IR after each pass"),
                                cl::cat(Category));
static cl::opt<bool> TimePasses("time-passes",
                                cl::desc("Time each pass and phase"),
                                cl::cat(Category));
static cl::opt<uint64_t> MaxInputSize(
    "max-input-size",
    cl::desc("Refuse inputs larger than this many bytes (default: 8 GiB for "
             "files, 1 GiB for standard input, FIFOs and devices, which are "
             "read into memory)"),
    cl::value_desc("bytes"), cl::cat(Category));

int main(int argc, char **argv) {
  dsocr::guardStandardStreams("dsocr-opt");
  // Like InitLLVM, but without llvm_shutdown() at exit: the library prints
  // the -stats report itself, and LLVM's exit-time printer (compiled without
  // statistics in release LLVM) would only add a misleading line.
  sys::PrintStackTraceOnErrorSignal(argv[0]);
  PrettyStackTraceProgram StackPrinter(argc, argv);
  cl::HideUnrelatedOptions(Category);
  // LLVM's own -stats turns the passes' STATISTIC counters on.
  if (cl::Option *StatsOpt = cl::getRegisteredOptions().lookup("stats")) {
    StatsOpt->addCategory(Category);
    StatsOpt->setHiddenFlag(cl::NotHidden);
    StatsOpt->setDescription("Print the passes' statistics at exit");
  }
  cl::SetVersionPrinter(
      [](raw_ostream &OS) { dsocr::printToolVersion(OS, "dsocr-opt"); });
  cl::ParseCommandLineOptions(
      argc, argv,
      "dsocr-opt: group a TorchLens module call graph into for/parfor "
      "loops\n\n"
      "Reads a TorchLens call-graph trace (JSON) or dsocr IR ('-' or none:\n"
      "standard input), runs a pass pipeline and writes IR, JSON, Markdown,\n"
      "DOT or Mermaid. Several inputs run as a batch (-j), each into a\n"
      "folder of -output-dir.\n");

  if (ListPasses) {
    dsocr::listPasses();
    return 0;
  }
  if (ListProfiles) {
    for (const std::string &Name : dsocr::builtinProfileNames())
      outs() << Name << '\n';
    return 0;
  }

  dsocr::OptConfig C;
  C.InputPaths.assign(InputPaths.begin(), InputPaths.end());
  C.Jobs = Jobs;
  C.InputFormat = InputKind;
  C.OutputPath = OutputPath;
  C.OutputDir = OutputDir;
  C.Emit = Emit;
  C.PipelineGiven = Passes.getNumOccurrences() > 0;
  C.Pipeline = Passes;
  C.ProfileName = ProfileName;
  C.Options.MinFamilySize = MinFamilySize;
  C.Options.MinParFor = MinParFor;
  C.Options.MaxOpVariants = MaxOpVariants;
  if (PruneDepth.getNumOccurrences())
    C.Options.PruneDepth = PruneDepth;
  if (PruneLeaves.getNumOccurrences())
    C.Options.PruneLeaves = PruneLeaves;
  if (PruneMinOps.getNumOccurrences())
    C.Options.PruneMinOps = PruneMinOps;
  C.Options.PrunePatterns.assign(PrunePatterns.begin(), PrunePatterns.end());
  C.PrintBeforeAll = PrintBeforeAll;
  C.PrintAfterAll = PrintAfterAll;
  C.PrintBefore.assign(PrintBefore.begin(), PrintBefore.end());
  C.PrintAfter.assign(PrintAfter.begin(), PrintAfter.end());
  C.VerifyEach = VerifyEach;
  C.TimePasses = TimePasses;
  if (MaxInputSize.getNumOccurrences())
    C.MaxInputBytes = C.MaxStreamInputBytes = MaxInputSize;
  C.RenderSVG = RenderSVG;
  C.DisableFree = true; // the process exits next (batches free per input)
  return dsocr::runOpt(C);
}
