//===- FuzzPipeline.cpp - libFuzzer target for read + default pipeline ----===//
//
// Reads a trace (or IR) and runs the default pipeline with the verifier
// after every pass, then every emitter. Inputs the readers reject are fine;
// but once an input is accepted (and, for IR, verifies), every pass must
// leave valid IR: a verifier failure after a pass is a bug and aborts.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRParser.h"
#include "dsocr/IR/Verifier.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Passes/StandardInstrumentations.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Trace/TraceReader.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Messages;
  llvm::raw_string_ostream MessageStream(Messages);
  dsocr::Diagnostics Diags(MessageStream, "fuzz");
  const llvm::MemoryBuffer *Buf = Diags.addBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(Data), Size), "in"),
      "in");
  dsocr::CallGraph G;
  bool IsIR = dsocr::looksLikeIR(Buf->getBuffer());
  if (!(IsIR ? dsocr::parseIR(*Buf, G, Diags)
             : dsocr::readTrace(*Buf, G, Diags)))
    return 0;
  if (!dsocr::verifyCallGraph(G, Diags))
    return 0; // hand-written IR may break invariants; passes need valid IR

  static std::unique_ptr<dsocr::Profile> Prof = [] {
    dsocr::Diagnostics D(llvm::nulls(), "fuzz");
    return dsocr::loadProfile("deepseek-ocr", D);
  }();
  dsocr::PassManager PM;
  PM.addPasses(dsocr::defaultPipelineElements(G.hasTree()));
  dsocr::PassContext Ctx{Diags, *Prof, dsocr::PassOptions()};
  dsocr::PassInstrumentationCallbacks PIC;
  dsocr::registerVerifyEach(PIC, Diags);
  size_t Before = Diags.errorCount();
  if (!PM.run(G, Ctx, &PIC)) {
    MessageStream.flush();
    // parse-edges may reject a trace (cycles, uncalled callees); anything
    // the verifier says after a pass is a bug.
    if (Messages.find("IR verification failed") != std::string::npos) {
      llvm::errs() << Messages;
      std::abort();
    }
    (void)Before;
    return 0;
  }
  dsocr::EmitContext E;
  E.SourceName = "in";
  E.ProfileName = Prof->Name;
  E.ProfileTitle = Prof->Title;
  for (dsocr::EmitFormat F :
       {dsocr::EmitFormat::IR, dsocr::EmitFormat::JSON,
        dsocr::EmitFormat::Markdown, dsocr::EmitFormat::DOT,
        dsocr::EmitFormat::Mermaid, dsocr::EmitFormat::HTML}) {
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    dsocr::emit(F, G, E, OS);
  }
  return 0;
}
