//===- CommonOptions.h - Command-line options the tools share ---*- C++ -*-===//
//
// dsocr-opt and dsocr-diff read and group their inputs the same way, so
// they take the same options for it, defined once here: how an input is
// read (-x, -events, -max-input-size), how it is grouped (-profile,
// -passes, -view) and the defaults of the passes' parameters
// (-min-family-size, -min-parfor, -max-op-variants, -prune-*). Each group
// is a struct of cl::opt members bound to the fields of the tool's
// configuration, in the tool's option category.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DRIVER_COMMONOPTIONS_H
#define DSOCR_DRIVER_COMMONOPTIONS_H

#include "dsocr/Driver/InputReader.h"
#include "dsocr/Passes/Pass.h"
#include "dsocr/Passes/PassManager.h"

#include "llvm/ADT/Optional.h"
#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>

namespace dsocr {

/// A cl::values parser whose error names the values it takes.
template <typename T> class ValueParser : public llvm::cl::parser<T> {
public:
  using llvm::cl::parser<T>::parser;
  bool parse(llvm::cl::Option &O, llvm::StringRef ArgName, llvm::StringRef Arg,
             T &V) {
    std::vector<llvm::StringRef> Names;
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

/// Where the input options write.
struct InputSettings {
  InputFormat &Format;
  std::string &EventsPath;
  uint64_t &MaxInputBytes, &MaxStreamInputBytes;
};

/// -x, -events and -max-input-size; AutoHelp describes -x=auto.
struct InputOptions {
  InputOptions(InputSettings S, llvm::cl::OptionCategory &Category,
               llvm::StringRef AutoHelp = "by content: a .json file or JSON "
                                          "text is a trace, other text is IR");

  llvm::cl::opt<InputFormat, true, ValueParser<InputFormat>> Format;
  llvm::cl::opt<std::string, true> EventsPath;
  llvm::cl::opt<uint64_t> MaxInputSize;
};

/// Where the grouping options write.
struct GroupingSettings {
  std::string &ProfileName;
  llvm::Optional<std::string> &Pipeline;
  PipelineView &View;
};

/// -profile, -passes and -view.
struct GroupingOptions {
  GroupingOptions(GroupingSettings S, llvm::cl::OptionCategory &Category);

  llvm::cl::opt<std::string, true> ProfileName;
  llvm::cl::opt<std::string> Passes;
  llvm::cl::opt<PipelineView, true, ValueParser<PipelineView>> View;
};

/// Checks -passes against -view and parses it; Out stays None without
/// -passes (the default pipeline). False after reporting an error.
bool parseGroupingPipeline(const llvm::Optional<std::string> &Passes,
                           PipelineView View, Diagnostics &Diags,
                           llvm::Optional<std::vector<PipelineElement>> &Out,
                           bool AllowTestPasses = false);

/// The defaults of the passes' parameters (Passes.def).
struct PassParameterOptions {
  PassParameterOptions(PassOptions &O, llvm::cl::OptionCategory &Category);

  llvm::cl::opt<unsigned, true> MinFamilySize;
  llvm::cl::opt<unsigned, true> MinParFor;
  llvm::cl::opt<unsigned, true> MaxOpVariants;
  llvm::cl::opt<unsigned> PruneDepth;
  llvm::cl::opt<bool> PruneLeaves;
  llvm::cl::opt<uint64_t> PruneMinOps;
  llvm::cl::list<std::string, std::vector<std::string>> PrunePatterns;
};

} // namespace dsocr

#endif // DSOCR_DRIVER_COMMONOPTIONS_H
