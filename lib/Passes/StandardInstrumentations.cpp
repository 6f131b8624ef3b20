//===- StandardInstrumentations.cpp - -print-*, -verify-each, -time-passes ===//
//
// Each instrumentation registers its callbacks; none changes the IR.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/StandardInstrumentations.h"

#include "dsocr/IR/IRPrinter.h"
#include "dsocr/IR/Verifier.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;
using llvm::StringRef;

static void dumpIR(const CallGraph &G, llvm::raw_ostream &OS, StringRef When,
                   StringRef Pass) {
  OS << "// *** IR Dump " << When << ' ' << Pass << " ***\n";
  printIR(G, OS);
  OS.flush();
}

namespace {
/// The passes a -print-before or -print-after option names.
struct PassFilter {
  bool All;
  std::vector<std::string> Names;
  bool operator()(StringRef Pass) const {
    return All || llvm::is_contained(Names, Pass.str());
  }
};
} // namespace

void dsocr::registerPrintIR(PassInstrumentationCallbacks &PIC,
                            const PrintIROptions &Options,
                            llvm::raw_ostream &OS) {
  PassFilter Before{Options.BeforeAll, Options.Before};
  PassFilter After{Options.AfterAll, Options.After};
  PIC.registerBeforePassCallback(
      [&OS, Before](StringRef Pass, const CallGraph &G) {
        if (Before(Pass))
          dumpIR(G, OS, "Before", Pass);
      });
  PIC.registerAfterPassCallback(
      [&OS, After](StringRef Pass, const CallGraph &G) {
        if (After(Pass))
          dumpIR(G, OS, "After", Pass);
        return true;
      });
}

void dsocr::registerVerifyEach(PassInstrumentationCallbacks &PIC,
                               Diagnostics &Diags) {
  PIC.registerAfterPassCallback([&Diags](StringRef Pass, const CallGraph &G) {
    if (verifyCallGraph(G, Diags))
      return true;
    Diags.error(nullptr, "the IR is invalid after pass '" + Pass + "'");
    return false;
  });
}

TimePassesHandler::TimePassesHandler()
    : Group(std::make_unique<llvm::TimerGroup>(
          "dsocr-opt", "dsocr-opt: time of each phase and pass")) {}

TimePassesHandler::~TimePassesHandler() {
  // Timers must go before their group; they were reported by print().
  Timers.clear();
}

llvm::Timer &TimePassesHandler::timer(StringRef Name) {
  for (auto &T : Timers)
    if (T.first == Name)
      return *T.second;
  Timers.push_back(
      {Name.str(), std::make_unique<llvm::Timer>(Name, Name, *Group)});
  return *Timers.back().second;
}

// Registered last and the after-callbacks to the front, as in LLVM: the
// time of a pass does not include the other instrumentations' dumps.
void TimePassesHandler::registerCallbacks(PassInstrumentationCallbacks &PIC) {
  PIC.registerBeforePassCallback(
      [this](StringRef Pass, const CallGraph &) { timer(Pass).startTimer(); });
  PIC.registerAfterPassCallback(
      [this](StringRef Pass, const CallGraph &) {
        timer(Pass).stopTimer();
        return true;
      },
      /*ToFront=*/true);
  PIC.registerAfterPassFailedCallback(
      [this](StringRef Pass) { timer(Pass).stopTimer(); }, /*ToFront=*/true);
}

void TimePassesHandler::print(llvm::raw_ostream &OS) {
  Group->print(OS, /*ResetAfterPrint=*/true);
}
