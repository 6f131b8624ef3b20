//===- FuzzIRParser.cpp - libFuzzer target for the IR parser --------------===//
//
// Feeds arbitrary bytes to the IR parser. Besides not crashing, whatever
// parses must print to a fixed point: print, parse, print gives the same
// bytes (the round-trip property of docs/IR.md); a difference aborts.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRParser.h"
#include "dsocr/IR/IRPrinter.h"
#include "dsocr/IR/Verifier.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

static bool parseText(llvm::StringRef Text, dsocr::CallGraph &G,
                      dsocr::Diagnostics &Diags) {
  const llvm::MemoryBuffer *Buf =
      Diags.addBuffer(llvm::MemoryBuffer::getMemBufferCopy(Text, "in"), "in");
  return dsocr::parseIR(*Buf, G, Diags);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  dsocr::Diagnostics Diags(llvm::nulls(), "fuzz");
  dsocr::CallGraph G;
  if (!parseText(llvm::StringRef(reinterpret_cast<const char *>(Data), Size), G,
                 Diags))
    return 0;
  dsocr::verifyCallGraph(G, Diags);
  std::string First;
  {
    llvm::raw_string_ostream OS(First);
    dsocr::printIR(G, OS);
  }
  dsocr::CallGraph Again;
  if (!parseText(First, Again, Diags)) {
    llvm::errs() << "printed IR does not parse back:\n" << First;
    std::abort();
  }
  std::string Second;
  {
    llvm::raw_string_ostream OS(Second);
    dsocr::printIR(Again, OS);
  }
  if (First != Second) {
    llvm::errs() << "print is not a fixed point:\n"
                 << First << "---\n"
                 << Second;
    std::abort();
  }
  return 0;
}
