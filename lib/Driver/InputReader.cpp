//===- InputReader.cpp - One input of a tool into a call graph ------------===//
//
// Reading, format detection and events files, shared by dsocr-opt and
// dsocr-diff (see InputReader.h).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Driver/InputReader.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/IRParser.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/IR/Verifier.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Trace/TraceReader.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace dsocr;

const llvm::MemoryBuffer *dsocr::readInputBuffer(llvm::StringRef Path,
                                                 const InputLimits &Limits,
                                                 Diagnostics &Diags) {
  bool Stdin = Path == "-";
  std::string DisplayName = Stdin ? "<stdin>" : Path.str();
  InputError Error;
  std::unique_ptr<llvm::MemoryBuffer> Buf = readInputFile(Path, Limits, Error);
  if (Buf)
    return Diags.addBuffer(std::move(Buf), DisplayName);
  std::string Subject = Stdin ? "standard input" : "'" + Path.str() + "'";
  switch (Error.K) {
  case InputError::Unreadable:
    Diags.error(nullptr, "cannot read " + Subject + ": " + Error.Reason);
    break;
  case InputError::Directory:
    Diags.error(nullptr, "cannot read " + Subject +
                             ": it is a directory, not a trace file");
    break;
  case InputError::TooLarge:
    Diags.error(nullptr,
                Subject + " " + Error.Reason + " (see -max-input-size)");
    break;
  }
  return nullptr;
}

bool dsocr::inputIsIR(llvm::StringRef Path, const llvm::MemoryBuffer &Input,
                      InputFormat Format) {
  switch (Format) {
  case InputFormat::IR:
    return true;
  case InputFormat::JSON:
    return false;
  case InputFormat::Auto:
    break;
  }
  return !Path.endswith(".json") && looksLikeIR(Input.getBuffer());
}

bool dsocr::readGraphInput(llvm::StringRef Path,
                           const llvm::MemoryBuffer &Input, InputFormat Format,
                           CallGraph &G, Diagnostics &Diags) {
  G.setSourceName(Path == "-" ? std::string("<stdin>")
                              : llvm::sys::path::filename(Path).str());
  // Passes may assume valid IR.
  if (inputIsIR(Path, Input, Format))
    return parseIR(Input, G, Diags) && verifyCallGraph(G, Diags);
  return readTrace(Input, G, Diags);
}

bool dsocr::readEventsInput(llvm::StringRef Path, const InputLimits &Limits,
                            CallGraph &G, Diagnostics &Diags) {
  const llvm::MemoryBuffer *Events = readInputBuffer(Path, Limits, Diags);
  std::vector<RuntimeEvent> Read;
  if (!Events || !parseRuntimeEventsFile(*Events, Diags, Read))
    return false;
  G.runtimeEvents() = std::move(Read);
  return true;
}

std::unique_ptr<Profile> dsocr::chooseProfileFor(const CallGraph &G,
                                                 Diagnostics &Diags,
                                                 std::string &Why) {
  llvm::StringSet<> Classes;
  auto Add = [&](const Node *N) {
    if (!N->isRoot() && !N->className().empty())
      Classes.insert(N->className());
  };
  G.forEachModule(Add);
  if (G.hasTree())
    G.walkPreOrder(Add);
  return chooseBuiltinProfile(Classes, Diags, Why);
}
