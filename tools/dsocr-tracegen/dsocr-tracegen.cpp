//===- dsocr-tracegen.cpp - The dsocr-tracegen command-line tool ----------===//
//
// Parses the command line with LLVM's cl:: options into a TraceGenConfig
// and hands it to the library (dsocr/TraceGen/TraceGenDriver.h). No logic
// lives here.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/StandardStreams.h"
#include "dsocr/Support/Version.h"
#include "dsocr/TraceGen/TraceGenDriver.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory Category("dsocr-tracegen options");
static cl::OptionCategory KnobCategory(
    "Scale knobs (each sets the model parameter of the same name)");

static cl::opt<std::string>
    Model("model",
          cl::desc("Model description: a built-in name (see -list-models) "
                   "or a description file"),
          cl::value_desc("name|file"), cl::init("deepseek-ocr"),
          cl::cat(Category));
static cl::opt<std::string> OutputPath("o",
                                       cl::desc("Output file ('-' for "
                                                "standard output)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(Category));
static cl::opt<bool> ListModels("list-models",
                                cl::desc("List the built-in models and exit"),
                                cl::cat(Category));
static cl::opt<bool>
    ListParams("list-params",
               cl::desc("List the model's parameters (after -set and the "
                        "knobs) and exit"),
               cl::cat(Category));
static cl::opt<bool>
    Metadata("metadata",
             cl::desc("Also write constructor_params, input_metadata and "
                      "output_metadata"),
             cl::cat(Category));
static cl::opt<bool>
    Events("events",
           cl::desc("Also write runtime_events: the events of the run the "
                    "description stands for (crop counts, decode steps)"),
           cl::cat(Category));
static cl::opt<dsocr::SectionOrder> Order(
    "order", cl::desc("Order of the entries in each section"),
    cl::values(clEnumValN(dsocr::SectionOrder::DepthFirst, "depth-first",
                          "Depth first, as TorchLens writes them (default)"),
               clEnumValN(dsocr::SectionOrder::Column, "column",
                          "The same entries, but the elements of every "
                          "innermost list column by column (all experts, "
                          "then all experts' first child, ...)")),
    cl::init(dsocr::SectionOrder::DepthFirst), cl::cat(Category));
static cl::opt<uint64_t>
    Seed("seed", cl::desc("Routing seed (default: the description's)"),
         cl::value_desc("N"), cl::cat(Category));
static cl::opt<uint64_t>
    Uncalled("uncalled",
             cl::desc("Every router leaves exactly N members uncalled per "
                      "call (replaces the description's routing)"),
             cl::value_desc("N"), cl::cat(Category));
static cl::list<std::string>
    Settings("set", cl::desc("Set model parameters (repeatable)"),
             cl::value_desc("name=value,..."), cl::CommaSeparated,
             cl::cat(Category));
static cl::opt<std::string>
    TargetSize("target-size",
               cl::desc("Scale the size parameter so the trace has about "
                        "this many bytes (e.g. 1M, 100M, 1G)"),
               cl::value_desc("bytes"), cl::cat(Category));
static cl::opt<std::string>
    TargetParam("target-param",
                cl::desc("The parameter -target-size scales (default: the "
                         "description's size_param)"),
                cl::value_desc("name"), cl::cat(Category));

static cl::opt<int64_t> Layers("layers", cl::desc("Decoder layers (layers)"),
                               cl::value_desc("N"), cl::cat(KnobCategory));
static cl::opt<int64_t>
    Experts("experts", cl::desc("Routed experts per MoE layer (experts)"),
            cl::value_desc("N"), cl::cat(KnobCategory));
static cl::opt<int64_t>
    TopK("top-k", cl::desc("Experts each token is routed to (top_k)"),
         cl::value_desc("N"), cl::cat(KnobCategory));
static cl::opt<int64_t>
    Crops("crops",
          cl::desc("Encoder calls: local-crop batches plus the global view "
                   "(crops)"),
          cl::value_desc("N"), cl::cat(KnobCategory));
static cl::opt<int64_t> SamBlocks("sam-blocks",
                                  cl::desc("SAM ViT blocks (sam_blocks)"),
                                  cl::value_desc("N"), cl::cat(KnobCategory));
static cl::opt<int64_t>
    ClipBlocks("clip-blocks", cl::desc("CLIP transformer layers (clip_blocks)"),
               cl::value_desc("N"), cl::cat(KnobCategory));
static cl::opt<int64_t>
    DecodeSteps("decode-steps",
                cl::desc("Decode steps: extra calls of embed_tokens, every "
                         "layer and norm (decode_steps)"),
                cl::value_desc("N"), cl::cat(KnobCategory));

int main(int argc, char **argv) {
  dsocr::guardStandardStreams("dsocr-tracegen");
  sys::PrintStackTraceOnErrorSignal(argv[0]);
  PrettyStackTraceProgram StackPrinter(argc, argv);
  cl::HideUnrelatedOptions({&Category, &KnobCategory});
  cl::SetVersionPrinter(
      [](raw_ostream &OS) { dsocr::printToolVersion(OS, "dsocr-tracegen"); });
  cl::ParseCommandLineOptions(
      argc, argv,
      "dsocr-tracegen: generate a TorchLens call-graph trace from a model "
      "description\n\n"
      "Writes the call graph (call_counts, edges, op_call_counts,\n"
      "module_children, module_classes) that TorchLens records for one\n"
      "forward pass of the described model.\n");

  if (ListModels) {
    dsocr::listModels();
    return 0;
  }

  dsocr::TraceGenConfig C;
  C.Model = Model;
  C.OutputPath = OutputPath;
  C.ListParams = ListParams;
  C.Options.Metadata = Metadata;
  C.Options.Events = Events;
  C.Options.Order = Order;
  if (Seed.getNumOccurrences())
    C.Options.Seed = Seed;
  if (Uncalled.getNumOccurrences())
    C.Options.UncalledPerCall = Uncalled;
  const std::pair<cl::opt<int64_t> *, const char *> Knobs[] = {
      {&Layers, "layers"},
      {&Experts, "experts"},
      {&TopK, "top_k"},
      {&Crops, "crops"},
      {&SamBlocks, "sam_blocks"},
      {&ClipBlocks, "clip_blocks"},
      {&DecodeSteps, "decode_steps"}};
  for (const auto &K : Knobs)
    if (K.first->getNumOccurrences())
      C.Options.ParamOverrides.push_back({K.second, *K.first});
  C.Settings.assign(Settings.begin(), Settings.end());
  C.TargetSize = TargetSize;
  C.TargetParam = TargetParam;
  return dsocr::runTraceGen(C);
}
