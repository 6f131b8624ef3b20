//===- standalone.cpp - A tool built on the installed dsocr libraries -----===//
//
// Reads a TorchLens trace, runs a pass pipeline with a built-in profile and
// prints the result as IR (the trace form, before parse-edges) or as the
// Markdown outline, as `dsocr-opt TRACE -profile=P -passes=PIPELINE
// -emit=ir|md` does; PROFILE `auto` (the default) picks the built-in
// profile the trace is recognised by, as dsocr-opt does without -profile:
//
//   dsocr-standalone TRACE [PROFILE [PIPELINE [ir|md]]]
//
// It only uses the public headers and the dsocr:: targets of the CMake
// package (examples/standalone/CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Node.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Trace/TraceReader.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

using namespace dsocr;

int main(int argc, char **argv) {
  if (argc < 2 || argc > 5) {
    llvm::errs() << "usage: dsocr-standalone TRACE [PROFILE [PIPELINE "
                    "[ir|md]]]\n";
    return 2;
  }
  std::string Path = argv[1];
  std::string ProfileName = argc > 2 ? argv[2] : "auto";
  std::string Pipeline = argc > 3 ? argv[3] : "";
  std::string Format = argc > 4 ? argv[4] : "md";

  Diagnostics Diags(llvm::errs(), "dsocr-standalone");
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Diags.error(nullptr,
                "cannot read '" + Path + "': " + Buffer.getError().message());
    return 1;
  }
  const llvm::MemoryBuffer *Input = Diags.addBuffer(std::move(*Buffer), Path);
  CallGraph G;
  G.setSourceName(llvm::sys::path::filename(Path).str());
  if (!readTrace(*Input, G, Diags))
    return 1;

  std::unique_ptr<Profile> Prof;
  std::string ProfileWhy = "named on the command line";
  if (ProfileName == "auto") {
    llvm::StringSet<> Classes;
    G.forEachModule([&](const Node *N) {
      if (!N->isRoot() && !N->className().empty())
        Classes.insert(N->className());
    });
    Prof = chooseBuiltinProfile(Classes, Diags, ProfileWhy);
  } else {
    Prof = loadProfile(ProfileName, Diags);
  }
  if (!Prof)
    return 1;
  PassManager PM;
  if (Pipeline.empty())
    PM.addPasses(defaultPipelineElements(/*InputIsTree=*/false));
  else if (!PM.parsePipeline(Pipeline, Diags))
    return 1;
  PassContext Ctx{Diags, *Prof, PassOptions()};
  if (!PM.run(G, Ctx))
    return 1;

  EmitContext E;
  E.SourceName = G.sourceName().str();
  E.ProfileName = Prof->Name;
  E.ProfileTitle = Prof->Title;
  E.ProfileWhy = ProfileWhy;
  E.Pipeline = PM.passTexts();
  if (Format == "ir") {
    emitIR(G, llvm::outs());
  } else if (Format == "md" && G.hasTree()) {
    emitMarkdown(G, E, llvm::outs());
  } else {
    Diags.error(nullptr, "format '" + Format + "': expected ir, or md " +
                             "after parse-edges");
    return 1;
  }
  return 0;
}
