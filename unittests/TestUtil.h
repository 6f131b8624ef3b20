//===- TestUtil.h - Helpers shared by the unit tests ------------*- C++ -*-===//
//
// Diagnostics captured in a string, with text held in the test registered
// as buffers (every suite); graphs built from IR or JSON text and pipelines
// run on them (the suites of IR and above). Each suite links only its own
// library: a suite that calls a helper of a library above it fails to link.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_UNITTESTS_TESTUTIL_H
#define DSOCR_UNITTESTS_TESTUTIL_H

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRParser.h"
#include "dsocr/IR/IRPrinter.h"
#include "dsocr/Passes/PassInstrumentation.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Passes/StandardInstrumentations.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Trace/TraceReader.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <algorithm>
#include <string>
#include <vector>

namespace dsocr {
namespace test {

/// A diagnostics engine whose messages go to a string.
struct CapturedDiagnostics {
  std::string Messages;
  llvm::raw_string_ostream MessageStream{Messages};
  Diagnostics Diags{MessageStream, "test"};

  const std::string &messages() {
    MessageStream.flush();
    return Messages;
  }
  /// Registers a copy of Text as the buffer Name.
  const llvm::MemoryBuffer *buffer(llvm::StringRef Text, llvm::StringRef Name) {
    return Diags.addBuffer(llvm::MemoryBuffer::getMemBufferCopy(Text, Name),
                           Name);
  }
};

/// A graph together with the diagnostics engine that owns its buffers.
struct Fixture : CapturedDiagnostics {
  CallGraph G;
  bool parseIRText(llvm::StringRef Text) {
    return parseIR(*buffer(Text, "test.ir"), G, Diags);
  }
  bool readTraceText(llvm::StringRef Text) {
    return readTrace(*buffer(Text, "test.json"), G, Diags);
  }
  std::string printed() {
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    printIR(G, OS);
    return OS.str();
  }
  /// Runs a pipeline such as "parse-edges,verify" with a built-in profile,
  /// verifying the IR after each pass.
  bool runPipeline(llvm::StringRef Pipeline,
                   llvm::StringRef ProfileName = "generic",
                   PassOptions Options = PassOptions()) {
    std::unique_ptr<Profile> P = loadProfile(ProfileName, Diags);
    if (!P)
      return false;
    PassManager PM;
    if (!PM.parsePipeline(Pipeline, Diags, /*AllowTestPasses=*/true))
      return false;
    PassContext Ctx{Diags, *P, Options};
    PassInstrumentationCallbacks PIC;
    registerVerifyEach(PIC, Diags);
    return PM.run(G, Ctx, &PIC);
  }
};

/// The lines of printed IR, sorted: what stays the same when only the order
/// of siblings changes (each line names its node's address and depth), as
/// when a trace's keys are shuffled and its first-call order is lost.
inline std::vector<std::string> sortedLines(const std::string &Text) {
  std::vector<std::string> Lines;
  size_t Start = 0;
  while (Start < Text.size()) {
    size_t End = Text.find('\n', Start);
    if (End == std::string::npos)
      End = Text.size();
    Lines.push_back(Text.substr(Start, End - Start));
    Start = End + 1;
  }
  std::sort(Lines.begin(), Lines.end());
  return Lines;
}

} // namespace test
} // namespace dsocr

#endif // DSOCR_UNITTESTS_TESTUTIL_H
