//===- PassManager.h - Running a pipeline of passes -------------*- C++ -*-===//
//
// Parses pipeline text (`parse-edges,prune{depth=2}`), checks each pass's
// needs and runs the passes in order, calling the instrumentation callbacks
// around each (PassInstrumentation.h).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASSMANAGER_H
#define DSOCR_PASSES_PASSMANAGER_H

#include "dsocr/Passes/Pass.h"

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dsocr {

class Diagnostics;
class PassInstrumentationCallbacks;
struct PassInfo;
struct PassParamInfo;

/// One element of a pipeline: a pass with the parameters given to it.
struct PipelineElement {
  const PassInfo *Info = nullptr;
  /// In the order written; values are checked when parsed.
  std::vector<std::pair<const PassParamInfo *, std::string>> Params;

  llvm::StringRef name() const;
  /// As written in a pipeline: `prune{depth=2 pattern=a.*}`.
  std::string text() const;
  /// Defaults (the flags) with this element's parameters applied.
  PassOptions apply(const PassOptions &Defaults) const;
};

/// Parses pipeline text:
///   pipeline ::= element (',' element)*
///   element  ::= pass-name ('{' (param-name '=' value)* '}')?
/// where parameters are separated by spaces or commas and a value with
/// spaces, commas or braces is quoted ('...' or "..."). Text is registered
/// with Diags as a buffer named BufferName, so that errors point into it.
/// Test passes are known only when AllowTestPasses.
llvm::Optional<std::vector<PipelineElement>>
parsePassPipeline(llvm::StringRef Text, Diagnostics &Diags,
                  llvm::StringRef BufferName = "-passes",
                  bool AllowTestPasses = false);

/// The default pipeline; passes that need the trace form are left out
/// when the input already is a call tree.
std::vector<PipelineElement> defaultPipelineElements(bool InputIsTree);

/// The views of the grouped tree a tool offers (-view=).
enum class PipelineView {
  Tree,  // the default pipeline
  Stages // the default pipeline, then collapse-stages
};
/// The pipeline of a view, from where the input is (see above).
std::vector<PipelineElement> viewPipelineElements(PipelineView View,
                                                  bool InputIsTree);

class PassManager {
public:
  PassManager();
  ~PassManager();

  void addPass(PipelineElement E);
  void addPasses(const std::vector<PipelineElement> &Elements);
  /// parsePassPipeline, then addPasses; false after reporting an error.
  bool parsePipeline(llvm::StringRef Text, Diagnostics &Diags,
                     bool AllowTestPasses = false);
  size_t size() const { return Passes.size(); }
  /// Each pass as written in a pipeline (PipelineElement::text).
  std::vector<std::string> passTexts() const;
  /// The pipeline as text: `parse-edges,verify`.
  std::string pipelineText() const;

  /// Runs every pass, with Ctx.Options as the defaults of their parameters;
  /// returns false after the first failure (reported).
  bool run(CallGraph &G, PassContext &Ctx,
           PassInstrumentationCallbacks *PIC = nullptr);

private:
  struct Entry {
    PipelineElement Element;
    std::unique_ptr<Pass> P;
  };
  bool checkNeeds(const PipelineElement &E, const CallGraph &G,
                  Diagnostics &Diags) const;
  std::vector<Entry> Passes;
};

} // namespace dsocr

#endif // DSOCR_PASSES_PASSMANAGER_H
