//===- OptMain.cpp - The dsocr-opt command line ---------------------------===//
//
// In the shape of mlir-opt's MlirOptMain: the options are members of
// OptOptions, each bound with cl::location (or a callback, for the options
// whose field is optional) to the OptConfig that runOpt() reads, so no
// value is copied by hand. Formats are cl::values, pass names are checked
// by PassNameParser as they are parsed.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Driver/OptDriver.h"

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

/// A cl::values parser whose error names the values it takes.
template <typename T> class ValueParser : public cl::parser<T> {
public:
  using cl::parser<T>::parser;
  bool parse(cl::Option &O, StringRef ArgName, StringRef Arg, T &V) {
    std::vector<StringRef> Names;
    for (const auto &Info : this->Values) {
      if (Info.Name == Arg) {
        V = Info.V.getValue();
        return false;
      }
      if (!Info.HelpStr.startswith("alias"))
        Names.push_back(Info.Name);
    }
    std::string Expected;
    for (size_t I = 0; I < Names.size(); ++I)
      Expected += (I == 0                  ? ""
                   : I + 1 == Names.size() ? " or "
                                           : ", ") +
                  Names[I].str();
    return O.error("unknown value '" + Arg + "' (expected " + Expected + ")");
  }
};

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
      cl::desc("Write dsocr-call-graph-grouped.json, .md, .dot, .mmd, "
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
  cl::opt<InputFormat, true, ValueParser<InputFormat>> Input{
      "x",
      cl::desc("Input format (default auto)"),
      cl::value_desc("format"),
      cl::values(clEnumValN(InputFormat::Auto, "auto",
                            "by content: a .json file or JSON text is a "
                            "trace, other text is IR"),
                 clEnumValN(InputFormat::JSON, "json", "a TorchLens trace"),
                 clEnumValN(InputFormat::IR, "ir", "dsocr IR")),
      cl::location(C.Input),
      cl::cat(Category)};
  cl::opt<std::string> Passes{
      "passes",
      cl::desc("Comma-separated pipeline, each pass with optional "
               "parameters: prune{depth=2} (default: the whole grouping "
               "pipeline; see -list-passes)"),
      cl::value_desc("a,b{k=v},c"),
      cl::cb<void, const std::string &>(
          [this](const std::string &V) { C.Pipeline = V; }),
      cl::cat(Category)};
  cl::opt<bool> ListPasses{"list-passes",
                           cl::desc("List the passes and their parameters "
                                    "and exit"),
                           cl::cat(Category)};
  cl::opt<bool, true> EnableTestPasses{
      "enable-test-passes",
      cl::desc("Know the passes for tests (test-break-ir), also in "
               "-list-passes"),
      cl::location(C.EnableTestPasses), cl::Hidden, cl::cat(Category)};
  cl::opt<std::string, true> ProfileName{
      "profile",
      cl::desc("Model profile: a built-in name (deepseek-ocr, generic) or a "
               "profile file (default: the built-in profile of the model the "
               "trace is, else generic)"),
      cl::value_desc("name|file"), cl::location(C.ProfileName),
      cl::cat(Category)};
  cl::opt<bool> ListProfiles{"list-profiles",
                             cl::desc("List the built-in profiles and exit"),
                             cl::cat(Category)};

  // The defaults of the passes' parameters (Passes.def).
  cl::opt<unsigned, true> MinFamilySize{
      "min-family-size", cl::desc("Fewest members of a family that is folded"),
      cl::location(C.Options.MinFamilySize), cl::cat(Category)};
  cl::opt<unsigned, true> MinParFor{
      "min-parfor",
      cl::desc("Smallest k for which k calls per caller call are marked "
               "parfor k"),
      cl::location(C.Options.MinParFor), cl::cat(Category)};
  cl::opt<unsigned, true> MaxOpVariants{
      "max-op-variants",
      cl::desc("Most op-count variants listed per group before they are "
               "shown as a range"),
      cl::location(C.Options.MaxOpVariants), cl::cat(Category)};
  cl::opt<unsigned> PruneDepth{
      "prune-depth", cl::desc("Hide nodes more than N levels below the root"),
      cl::value_desc("N"),
      cl::cb<void, unsigned>([this](unsigned V) { C.Options.PruneDepth = V; }),
      cl::cat(Category)};
  cl::opt<bool> PruneLeaves{
      "prune-leaves",
      cl::desc("Hide plain modules without children below the top level "
               "(default from the profile)"),
      cl::cb<void, bool>([this](bool V) { C.Options.PruneLeaves = V; }),
      cl::cat(Category)};
  cl::opt<uint64_t> PruneMinOps{
      "prune-min-ops",
      cl::desc("Hide subtrees with fewer inclusive ops than N"),
      cl::value_desc("N"),
      cl::cb<void, uint64_t>([this](uint64_t V) { C.Options.PruneMinOps = V; }),
      cl::cat(Category)};
  cl::list<std::string, std::vector<std::string>> PrunePatterns{
      "prune-pattern",
      cl::desc("Hide subtrees whose address matches this glob (repeatable)"),
      cl::value_desc("glob"), cl::location(C.Options.PrunePatterns),
      cl::cat(Category)};

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
  cl::opt<uint64_t> MaxInputSize{
      "max-input-size",
      cl::desc("Refuse inputs larger than this many bytes (default: 8 GiB "
               "for files, 1 GiB for standard input, FIFOs and devices, "
               "which are read into memory)"),
      cl::value_desc("bytes"), cl::cb<void, uint64_t>([this](uint64_t V) {
        C.MaxInputBytes = C.MaxStreamInputBytes = V;
      }),
      cl::cat(Category)};
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
