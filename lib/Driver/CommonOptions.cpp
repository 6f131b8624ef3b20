//===- CommonOptions.cpp - Command-line options the tools share -----------===//
//
// The option definitions of CommonOptions.h: names, descriptions, values.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Driver/CommonOptions.h"

#include "dsocr/Support/Diagnostics.h"

using namespace dsocr;
namespace cl = llvm::cl;

bool dsocr::parseGroupingPipeline(
    const llvm::Optional<std::string> &Passes, PipelineView View,
    Diagnostics &Diags, llvm::Optional<std::vector<PipelineElement>> &Out,
    bool AllowTestPasses) {
  if (!Passes)
    return true;
  if (View != PipelineView::Tree) {
    Diags.error(nullptr, "-view=stages is the default pipeline and "
                         "collapse-stages; with -passes, add "
                         "collapse-stages to the pipeline instead");
    return false;
  }
  Out = parsePassPipeline(*Passes, Diags, "-passes", AllowTestPasses);
  return Out.hasValue();
}

InputOptions::InputOptions(InputSettings S, cl::OptionCategory &Category,
                           llvm::StringRef AutoHelp)
    : Format(
          "x", cl::desc("Input format (default auto)"),
          cl::value_desc("format"),
          cl::values(clEnumValN(InputFormat::Auto, "auto", AutoHelp),
                     clEnumValN(InputFormat::JSON, "json", "a TorchLens trace"),
                     clEnumValN(InputFormat::IR, "ir", "dsocr IR")),
          cl::location(S.Format), cl::cat(Category)),
      EventsPath("events",
                 cl::desc("Runtime events of the traced run ({\"events\": "
                          "[...]}); they replace the trace's runtime_events"),
                 cl::value_desc("file"), cl::location(S.EventsPath),
                 cl::cat(Category)),
      MaxInputSize(
          "max-input-size",
          cl::desc("Refuse inputs larger than this many bytes (default: 8 GiB "
                   "for files, 1 GiB for standard input, FIFOs and devices, "
                   "which are read into memory)"),
          cl::value_desc("bytes"),
          cl::cb<void, uint64_t>([File = &S.MaxInputBytes,
                                  Stream = &S.MaxStreamInputBytes](uint64_t V) {
            *File = *Stream = V;
          }),
          cl::cat(Category)) {}

GroupingOptions::GroupingOptions(GroupingSettings S,
                                 cl::OptionCategory &Category)
    : ProfileName("profile",
                  cl::desc("Model profile: a built-in name (deepseek-ocr, "
                           "generic) or a profile file (default: the "
                           "built-in profile of the model the trace is, else "
                           "generic)"),
                  cl::value_desc("name|file"), cl::location(S.ProfileName),
                  cl::cat(Category)),
      Passes("passes",
             cl::desc("Comma-separated pipeline, each pass with optional "
                      "parameters: prune{depth=2} (default: the whole "
                      "grouping pipeline; see -list-passes)"),
             cl::value_desc("a,b{k=v},c"),
             cl::cb<void, const std::string &>(
                 [Pipeline = &S.Pipeline](const std::string &V) {
                   *Pipeline = V;
                 }),
             cl::cat(Category)),
      View("view", cl::desc("What to show (default tree)"),
           cl::value_desc("view"),
           cl::values(clEnumValN(PipelineView::Tree, "tree",
                                 "the grouped call tree (the default "
                                 "pipeline)"),
                      clEnumValN(PipelineView::Stages, "stages",
                                 "one line per stage: the default pipeline, "
                                 "then collapse-stages")),
           cl::location(S.View), cl::cat(Category)) {}

PassParameterOptions::PassParameterOptions(PassOptions &O,
                                           cl::OptionCategory &Category)
    : MinFamilySize("min-family-size",
                    cl::desc("Fewest members of a family that is folded"),
                    cl::location(O.MinFamilySize), cl::cat(Category)),
      MinParFor("min-parfor",
                cl::desc("Smallest k for which k calls per caller call are "
                         "marked parfor k"),
                cl::location(O.MinParFor), cl::cat(Category)),
      MaxOpVariants("max-op-variants",
                    cl::desc("Most op-count variants listed per group before "
                             "they are shown as a range"),
                    cl::location(O.MaxOpVariants), cl::cat(Category)),
      PruneDepth("prune-depth",
                 cl::desc("Hide nodes more than N levels below the root"),
                 cl::value_desc("N"),
                 cl::cb<void, unsigned>([&O](unsigned V) { O.PruneDepth = V; }),
                 cl::cat(Category)),
      PruneLeaves("prune-leaves",
                  cl::desc("Hide plain modules without children below the "
                           "top level (default from the profile)"),
                  cl::cb<void, bool>([&O](bool V) { O.PruneLeaves = V; }),
                  cl::cat(Category)),
      PruneMinOps("prune-min-ops",
                  cl::desc("Hide subtrees with fewer inclusive ops than N"),
                  cl::value_desc("N"), cl::cb<void, uint64_t>([&O](uint64_t V) {
                    O.PruneMinOps = V;
                  }),
                  cl::cat(Category)),
      PrunePatterns("prune-pattern",
                    cl::desc("Hide subtrees whose address matches this glob "
                             "(repeatable)"),
                    cl::value_desc("glob"), cl::location(O.PrunePatterns),
                    cl::cat(Category)) {}
