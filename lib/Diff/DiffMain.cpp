//===- DiffMain.cpp - The dsocr-diff command line -------------------------===//
//
// The options of dsocr-diff, bound to a DiffConfig (as OptMain.cpp does for
// dsocr-opt); reading and grouping take dsocr-opt's own options
// (CommonOptions.h). A bad command line exits with 2, as diff's does, not
// with LLVM's 1, which means "the inputs differ" here.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/DiffDriver.h"

#include "dsocr/Driver/CommonOptions.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/StandardStreams.h"
#include "dsocr/Support/Version.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;
namespace cl = llvm::cl;

namespace {

struct DiffOptions {
  explicit DiffOptions(DiffConfig &C) : C(C) {}

  DiffConfig &C;
  cl::OptionCategory Category{"dsocr-diff options"};

  cl::opt<std::string, true> Left{cl::Positional, cl::desc("<left>"),
                                  cl::location(C.LeftPath), cl::cat(Category)};
  cl::opt<std::string, true> Right{cl::Positional, cl::desc("<right>"),
                                   cl::location(C.RightPath),
                                   cl::cat(Category)};
  cl::opt<std::string, true> OutputPath{
      "o", cl::desc("Output file ('-' for standard output)"),
      cl::value_desc("file"), cl::location(C.OutputPath), cl::cat(Category)};
  cl::opt<DiffFormat, true, ValueParser<DiffFormat>> Format{
      "format",
      cl::desc("Report format (default md)"),
      cl::value_desc("format"),
      cl::values(clEnumValN(DiffFormat::Markdown, "md", "Markdown"),
                 clEnumValN(DiffFormat::JSON, "json",
                            "JSON, schema dsocr-diff (docs/Diff.md)")),
      cl::location(C.Format),
      cl::cat(Category)};
  cl::opt<std::string, true> LeftEvents{
      "left-events",
      cl::desc("Runtime events of the left run only (instead of -events)"),
      cl::value_desc("file"), cl::location(C.LeftEventsPath),
      cl::cat(Category)};
  cl::opt<std::string, true> RightEvents{
      "right-events",
      cl::desc("Runtime events of the right run only (instead of -events)"),
      cl::value_desc("file"), cl::location(C.RightEventsPath),
      cl::cat(Category)};
  cl::opt<bool> ListPasses{"list-passes",
                           cl::desc("List the passes and their parameters "
                                    "and exit"),
                           cl::cat(Category)};
  cl::opt<bool> ListProfiles{"list-profiles",
                             cl::desc("List the built-in profiles and exit"),
                             cl::cat(Category)};

  // As dsocr-opt: reading, grouping, the passes' parameters.
  InputOptions Inputs{
      {C.Input, C.EventsPath, C.MaxInputBytes, C.MaxStreamInputBytes},
      Category,
      "by content: grouped JSON by its schema, then as dsocr-opt: a .json "
      "file or JSON text is a trace, other text is IR"};
  GroupingOptions Grouping{{C.ProfileName, C.Pipeline, C.View}, Category};
  PassParameterOptions Parameters{C.Options, Category};
};

} // namespace

int dsocr::diffMain(int argc, char **argv) {
  guardStandardStreams("dsocr-diff");
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  llvm::PrettyStackTraceProgram StackPrinter(argc, argv);
  DiffConfig Config;
  DiffOptions Options(Config);
  cl::HideUnrelatedOptions(Options.Category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream &OS) { printToolVersion(OS, "dsocr-diff"); });
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "dsocr-diff: what changed between two grouped call graphs\n\n"
          "Reads two inputs, each a TorchLens trace, dsocr IR or grouped "
          "JSON\n"
          "('-': standard input, for one of them), groups traces and IR "
          "with the\n"
          "same profile, pipeline and options, as dsocr-opt does, and "
          "reports,\n"
          "group by group, what changed: loops, calls, ops, activations, "
          "members\n"
          "left uncalled, variants, notes and shapes; then groups only in "
          "one side,\n"
          "the stage totals and the runtime events.\n"
          "Exit status: 0 when the two agree, 1 when they differ, 2 on "
          "trouble.\n",
          &llvm::errs()))
    return DiffTrouble;
  if (Options.ListPasses) {
    printPassList(llvm::outs());
    return DiffSame;
  }
  if (Options.ListProfiles) {
    for (const std::string &Name : builtinProfileNames())
      llvm::outs() << Name << '\n';
    return DiffSame;
  }
  // Positional options cannot be required and optional with -list-*: they
  // are checked here.
  if (Config.LeftPath.empty() || Config.RightPath.empty()) {
    llvm::errs() << "dsocr-diff: error: two inputs are needed (dsocr-diff "
                    "[options] <left> <right>; see --help)\n";
    return DiffTrouble;
  }
  return runDiff(Config);
}
