//===- Emitter.h - Writing a grouped call graph -----------------*- C++ -*-===//
//
// The output formats of dsocr-opt. Each emitter writes one format of the
// same tree to a stream; EmitContext carries what the outputs record about
// the run (source, profile, pipeline, options).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_EMIT_EMITTER_H
#define DSOCR_EMIT_EMITTER_H

#include "dsocr/Passes/Pass.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class CallGraph;
struct Profile;

enum class EmitFormat { IR, JSON, Markdown, DOT, Mermaid };

/// Parses `ir`, `json`, `md` (or `markdown`), `dot`, `mermaid` (or `mmd`).
llvm::Optional<EmitFormat> parseEmitFormat(llvm::StringRef Name);
llvm::StringRef emitFormatName(EmitFormat F);
/// True if the format needs the tree form (everything but IR).
bool emitNeedsTree(EmitFormat F);

/// The version of the grouped-JSON schema (docs/JSONSchema.md).
constexpr unsigned GroupedJSONSchemaVersion = 1;

struct EmitContext {
  const Profile &Prof;
  std::string SourceName; // file name of the input, `<stdin>` for stdin
  std::vector<std::string> Pipeline;
  PassOptions Options;
};

void emitIR(const CallGraph &G, llvm::raw_ostream &OS);
void emitJSON(const CallGraph &G, const EmitContext &Ctx,
              llvm::raw_ostream &OS);
void emitMarkdown(const CallGraph &G, const EmitContext &Ctx,
                  llvm::raw_ostream &OS);
void emitDOT(const CallGraph &G, const EmitContext &Ctx, llvm::raw_ostream &OS);
void emitMermaid(const CallGraph &G, const EmitContext &Ctx,
                 llvm::raw_ostream &OS);

/// Writes G in format F.
void emit(EmitFormat F, const CallGraph &G, const EmitContext &Ctx,
          llvm::raw_ostream &OS);

} // namespace dsocr

#endif // DSOCR_EMIT_EMITTER_H
