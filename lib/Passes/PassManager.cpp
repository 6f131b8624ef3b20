//===- PassManager.cpp - Running a pipeline of passes ---------------------===//
//
// Pipeline parsing, precondition checks and instrumentation.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/PassManager.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRPrinter.h"
#include "dsocr/IR/Verifier.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;
using llvm::StringRef;

Pass::~Pass() = default;

PassTimers::PassTimers()
    : Group(std::make_unique<llvm::TimerGroup>(
          "dsocr-opt", "dsocr-opt: time of each phase and pass")) {}

PassTimers::~PassTimers() {
  // Timers must go before their group; they were reported by print().
  Timers.clear();
}

llvm::Timer &PassTimers::timer(StringRef Name) {
  for (auto &T : Timers)
    if (T.first == Name)
      return *T.second;
  Timers.push_back(
      {Name.str(), std::make_unique<llvm::Timer>(Name, Name, *Group)});
  return *Timers.back().second;
}

void PassTimers::print(llvm::raw_ostream &OS) {
  Group->print(OS, /*ResetAfterPrint=*/true);
}

PassManager::PassManager() = default;
PassManager::~PassManager() = default;

void PassManager::addPass(std::unique_ptr<Pass> P) {
  Passes.push_back(std::move(P));
}

bool PassManager::parsePipeline(StringRef Text, std::string &Error) {
  if (Text.trim().empty()) {
    Error = "empty pass pipeline";
    return false;
  }
  llvm::SmallVector<StringRef, 8> Names;
  Text.split(Names, ',');
  for (size_t I = 0; I < Names.size(); ++I) {
    StringRef Name = Names[I].trim();
    if (Name.empty()) {
      Error = "empty element " + std::to_string(I + 1) +
              " in the pass pipeline '" + Text.str() + "'";
      return false;
    }
    const PassInfo *Info = lookupPass(Name);
    if (!Info) {
      std::string Known;
      for (const PassInfo &P : registeredPasses())
        Known += (Known.empty() ? "" : ", ") + P.Name.str();
      Error = "unknown pass '" + Name.str() + "' (known passes: " + Known +
              "; see -list-passes)";
      return false;
    }
    addPass(Info->Create());
  }
  return true;
}

std::string PassManager::pipelineText() const {
  std::string Out;
  for (const auto &P : Passes)
    Out += (Out.empty() ? "" : ",") + P->name().str();
  return Out;
}

static bool listed(const std::vector<std::string> &List, StringRef Name) {
  return llvm::is_contained(List, Name.str());
}

static void dumpIR(const CallGraph &G, llvm::raw_ostream &OS, StringRef When,
                   StringRef Pass) {
  OS << "// *** IR Dump " << When << ' ' << Pass << " ***\n";
  printIR(G, OS);
  OS.flush();
}

static bool familiesDiscovered(const CallGraph &G) {
  const Node *R = G.root();
  return R && R->extra() && R->extra()->FamiliesDiscovered;
}

bool PassManager::run(CallGraph &G, PassContext &Ctx,
                      const Instrumentation &Instr) {
  llvm::raw_ostream &Dump = Instr.DumpStream ? *Instr.DumpStream : llvm::errs();
  for (const auto &P : Passes) {
    StringRef Name = P->name();
    if (P->needs() == IRForm::Trace && G.hasTree()) {
      Ctx.Diags.error(nullptr, "pass '" + Name +
                                   "' needs the trace form, but the input "
                                   "is already a call tree");
      return false;
    }
    if (P->needs() == IRForm::Tree && !G.hasTree()) {
      Ctx.Diags.error(nullptr, "pass '" + Name +
                                   "' needs the call tree: run "
                                   "'parse-edges' before it (for example "
                                   "-passes=parse-edges," +
                                   Name + ")");
      return false;
    }
    if (P->needsFamilies() && !familiesDiscovered(G)) {
      Ctx.Diags.error(nullptr, "pass '" + Name +
                                   "' needs the families found by "
                                   "'discover-families': run it before '" +
                                   Name + "'");
      return false;
    }
    if (Instr.PrintBeforeAll || listed(Instr.PrintBefore, Name))
      dumpIR(G, Dump, "Before", Name);

    bool OK;
    if (Instr.Timers) {
      llvm::Timer &T = Instr.Timers->timer(Name);
      T.startTimer();
      OK = P->run(G, Ctx);
      T.stopTimer();
    } else {
      OK = P->run(G, Ctx);
    }
    if (!OK)
      return false;

    if (Instr.PrintAfterAll || listed(Instr.PrintAfter, Name))
      dumpIR(G, Dump, "After", Name);
    if (Instr.VerifyEach && !verifyCallGraph(G, Ctx.Diags)) {
      Ctx.Diags.error(nullptr, "the IR is invalid after pass '" + Name + "'");
      return false;
    }
  }
  return true;
}
