//===- PassRegistry.h - Every pass by name ----------------------*- C++ -*-===//
//
// The registry, built from Passes.def: pass names (as written in -passes=)
// with their constructors, needs and parameters, the default pipeline, the
// -list-passes listing, and a command-line parser for options that name a
// pass (-print-before, -print-after).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_PASSREGISTRY_H
#define DSOCR_PASSES_PASSREGISTRY_H

#include "dsocr/Passes/Pass.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <memory>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

/// A parameter of a pass (`depth` in `prune{depth=2}`).
struct PassParamInfo {
  llvm::StringRef Pass;
  llvm::StringRef Name;
  llvm::StringRef ValueDesc;
  llvm::StringRef Description;
  /// True if the parameter may be given more than once (a list).
  bool Repeatable;
  /// Sets the PassOptions field from Value; false if Value is malformed,
  /// with Expected saying what was expected.
  bool (*Set)(PassOptions &O, llvm::StringRef Value, llvm::StringRef &Expected);
};

struct PassInfo {
  llvm::StringRef Name;
  llvm::StringRef Description;
  PassNeeds Needs;
  bool InDefaultPipeline;
  /// A pass for tests only (-enable-test-passes).
  bool TestOnly;
  std::unique_ptr<Pass> (*Create)();
  llvm::ArrayRef<PassParamInfo> Params;

  const PassParamInfo *lookupParam(llvm::StringRef Name) const;
};

/// Every registered pass, in Passes.def order; test passes are included
/// only when IncludeTestPasses.
std::vector<const PassInfo *> registeredPasses(bool IncludeTestPasses = false);
/// The pass named Name, or null (test passes only when IncludeTestPasses).
const PassInfo *lookupPass(llvm::StringRef Name,
                           bool IncludeTestPasses = false);
/// The passes run when -passes is not given, in order.
std::vector<const PassInfo *> defaultPipeline();

/// Prints the passes and their parameters (-list-passes).
void printPassList(llvm::raw_ostream &OS, bool IncludeTestPasses = false);

// Constructors of the individual passes.
#define PASS(NAME, CREATE, NEEDS, IN_DEFAULT, DESCRIPTION)                     \
  std::unique_ptr<Pass> CREATE();
#define TEST_PASS(NAME, CREATE, NEEDS, DESCRIPTION)                            \
  std::unique_ptr<Pass> CREATE();
#include "dsocr/Passes/Passes.def"

/// A command-line parser for options whose values are pass names
/// (`-print-after=fold-for`): an unknown name is an error at parse time.
/// Test passes are accepted too, as naming one that does not run is
/// harmless.
class PassNameParser : public llvm::cl::parser<std::string> {
public:
  using llvm::cl::parser<std::string>::parser;
  bool parse(llvm::cl::Option &O, llvm::StringRef ArgName, llvm::StringRef Arg,
             std::string &Value);
};

} // namespace dsocr

#endif // DSOCR_PASSES_PASSREGISTRY_H
