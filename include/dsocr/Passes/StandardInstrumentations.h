//===- StandardInstrumentations.h - -print-*, -verify-each, -time-passes -===//
//
// The instrumentations of opt, built on PassInstrumentationCallbacks:
// printing the IR before or after passes (headed by the pass name),
// verifying it after each pass, and timing each pass.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_STANDARDINSTRUMENTATIONS_H
#define DSOCR_PASSES_STANDARDINSTRUMENTATIONS_H

#include "dsocr/Passes/PassInstrumentation.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
class Timer;
class TimerGroup;
} // namespace llvm

namespace dsocr {

class Diagnostics;

/// Which passes -print-before/-print-after(-all) dump the IR around.
struct PrintIROptions {
  bool BeforeAll = false;
  bool AfterAll = false;
  std::vector<std::string> Before;
  std::vector<std::string> After;
};

/// Dumps the IR to OS (which must outlive PIC) as `// *** IR Dump After
/// <pass> ***` followed by the IR.
void registerPrintIR(PassInstrumentationCallbacks &PIC,
                     const PrintIROptions &Options, llvm::raw_ostream &OS);

/// Verifies the IR after each pass, reporting to Diags (-verify-each).
void registerVerifyEach(PassInstrumentationCallbacks &PIC, Diagnostics &Diags);

/// The timers of -time-passes: one per pass or phase, created on first use,
/// reported together by print().
class TimePassesHandler {
public:
  TimePassesHandler();
  ~TimePassesHandler();
  /// The timer named Name (a pass or phase such as `read input`).
  llvm::Timer &timer(llvm::StringRef Name);
  /// Times each pass run under PIC; this object must outlive PIC's runs.
  void registerCallbacks(PassInstrumentationCallbacks &PIC);
  /// Prints the report (LLVM's format) and resets the timers.
  void print(llvm::raw_ostream &OS);

private:
  std::unique_ptr<llvm::TimerGroup> Group;
  std::vector<std::pair<std::string, std::unique_ptr<llvm::Timer>>> Timers;
};

} // namespace dsocr

#endif // DSOCR_PASSES_STANDARDINSTRUMENTATIONS_H
