//===- OptMain.cpp - The dsocr-opt command line ---------------------------===//
//
// In the shape of mlir-opt's MlirOptMain: the options are members of
// OptOptions, each bound with cl::location (or a callback, for the options
// whose field is optional) to the OptConfig that runOpt() reads, so no
// value is copied by hand; those dsocr-diff takes too (reading, grouping,
// the passes' parameters) are defined in CommonOptions. Formats are
// cl::values, pass names are checked by PassNameParser as they are parsed.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Driver/OptDriver.h"

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
using llvm::StringRef;

namespace {

/// Every option of dsocr-opt, bound to the fields of Config.
struct OptOptions {
  explicit OptOptions(OptConfig &C);

  OptConfig &C;
  cl::OptionCategory Category{"dsocr-opt options"};

  cl::list<std::string, std::vector<std::string>> InputPaths{
      cl::Positional, cl::desc("<input trace (.json) or IR ...>"),
      cl::ZeroOrMore, cl::location(C.InputPaths), cl::cat(Category)};
  cl::opt<unsigned, true> Jobs{
      "j",
      cl::desc("With several inputs, process this many at once (0: one "
               "per core); each writes to a folder of -output-dir"),
      cl::value_desc("N"),
      cl::Prefix,
      cl::location(C.Jobs),
      cl::cat(Category)};
  cl::opt<std::string, true> OutputPath{
      "o", cl::desc("Output file ('-' for standard output)"),
      cl::value_desc("file"), cl::location(C.OutputPath), cl::cat(Category)};
  cl::opt<std::string, true> OutputDir{
      "output-dir",
      cl::desc("Write dsocr-call-graph-grouped.json, .md, .dot, .mmd, .csv, "
               ".html (and .svg when Graphviz is installed) here"),
      cl::value_desc("dir"), cl::location(C.OutputDir), cl::cat(Category)};
  cl::opt<bool, true> RenderSVG{
      "render-svg",
      cl::desc("With -output-dir or -emit=html, render the picture with "
               "Graphviz's dot when it is installed (default true)"),
      cl::location(C.RenderSVG), cl::cat(Category)};
  cl::opt<EmitFormat, true, ValueParser<EmitFormat>> Emit{
      "emit", cl::desc("Output format (default ir)"), cl::value_desc("format"),
      cl::location(C.Emit), cl::cat(Category)};
  cl::opt<bool> ListPasses{"list-passes",
                           cl::desc("List the passes and their parameters "
                                    "and exit"),
                           cl::cat(Category)};
  cl::opt<bool, true> EnableTestPasses{
      "enable-test-passes",
      cl::desc("Know the passes for tests (test-break-ir), also in "
               "-list-passes"),
      cl::location(C.EnableTestPasses), cl::Hidden, cl::cat(Category)};
  cl::opt<bool> ListProfiles{"list-profiles",
                             cl::desc("List the built-in profiles and exit"),
                             cl::cat(Category)};

  // Shared with dsocr-diff: reading, grouping, the passes' parameters.
  InputOptions Inputs{
      {C.Input, C.EventsPath, C.MaxInputBytes, C.MaxStreamInputBytes},
      Category};
  GroupingOptions Grouping{{C.ProfileName, C.Pipeline, C.View}, Category};
  PassParameterOptions Parameters{C.Options, Category};

  // Instrumentation.
  cl::opt<bool, true> PrintBeforeAll{
      "print-before-all", cl::desc("Print the IR before each pass"),
      cl::location(C.Print.BeforeAll), cl::cat(Category)};
  cl::opt<bool, true> PrintAfterAll{
      "print-after-all", cl::desc("Print the IR after each pass"),
      cl::location(C.Print.AfterAll), cl::cat(Category)};
  cl::list<std::string, std::vector<std::string>, PassNameParser> PrintBefore{
      "print-before",
      cl::desc("Print the IR before these passes"),
      cl::value_desc("pass"),
      cl::CommaSeparated,
      cl::location(C.Print.Before),
      cl::cat(Category)};
  cl::list<std::string, std::vector<std::string>, PassNameParser> PrintAfter{
      "print-after",
      cl::desc("Print the IR after these passes"),
      cl::value_desc("pass"),
      cl::CommaSeparated,
      cl::location(C.Print.After),
      cl::cat(Category)};
  cl::opt<bool, true> VerifyEach{"verify-each",
                                 cl::desc("Verify the IR after each pass"),
                                 cl::location(C.VerifyEach), cl::cat(Category)};
  cl::opt<bool, true> TimePasses{"time-passes",
                                 cl::desc("Time each pass and phase"),
                                 cl::location(C.TimePasses), cl::cat(Category)};
};

} // namespace

OptOptions::OptOptions(OptConfig &C) : C(C) {
  for (const EmitFormatName &F : emitFormatNames())
    Emit.getParser().addLiteralOption(F.Name, F.Format, F.Description);
  // LLVM's own -stats turns the passes' STATISTIC counters on.
  if (cl::Option *StatsOpt = cl::getRegisteredOptions().lookup("stats")) {
    StatsOpt->addCategory(Category);
    StatsOpt->setHiddenFlag(cl::NotHidden);
    StatsOpt->setDescription("Print the passes' statistics at exit");
  }
}

int dsocr::optMain(int argc, char **argv) {
  guardStandardStreams("dsocr-opt");
  // Like InitLLVM, but without llvm_shutdown() at exit: the library prints
  // the -stats report itself, and LLVM's exit-time printer (compiled without
  // statistics in release LLVM) would only add a misleading line.
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  llvm::PrettyStackTraceProgram StackPrinter(argc, argv);
  OptConfig Config;
  OptOptions Options(Config);
  cl::HideUnrelatedOptions(Options.Category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream &OS) { printToolVersion(OS, "dsocr-opt"); });
  cl::ParseCommandLineOptions(
      argc, argv,
      "dsocr-opt: group a TorchLens module call graph into for/parfor "
      "loops\n\n"
      "Reads a TorchLens call-graph trace (JSON) or dsocr IR ('-' or none:\n"
      "standard input), runs a pass pipeline and writes IR, JSON, Markdown,\n"
      "DOT, Mermaid or an HTML report. Several inputs run as a batch (-j),\n"
      "each into a folder of -output-dir.\n");

  if (Options.ListPasses) {
    printPassList(llvm::outs(), Config.EnableTestPasses);
    return 0;
  }
  if (Options.ListProfiles) {
    for (const std::string &Name : builtinProfileNames())
      llvm::outs() << Name << '\n';
    return 0;
  }
  Config.DisableFree = true; // the process exits next (batches free per input)
  return runOpt(Config);
}
