//===- FuzzTraceReader.cpp - libFuzzer target for the JSON reader ---------===//
//
// Feeds arbitrary bytes to the TorchLens trace reader. Any input must give
// either a graph or a diagnostic: never a crash, a hang or a sanitizer
// report.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Trace/TraceReader.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  dsocr::Diagnostics Diags(llvm::nulls(), "fuzz");
  const llvm::MemoryBuffer *Buf = Diags.addBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(Data), Size), "in"),
      "in");
  dsocr::CallGraph G;
  dsocr::readTrace(*Buf, G, Diags);
  return 0;
}
