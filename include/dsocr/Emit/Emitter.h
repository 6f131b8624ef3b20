//===- Emitter.h - Writing a grouped call graph -----------------*- C++ -*-===//
//
// The output formats of dsocr-opt. Each emitter writes one format of the
// same tree to a stream; EmitContext carries what the outputs record about
// the run (source, profile, pipeline, options) as plain values: emitters
// only read the IR, and Emit depends on IR and Support alone.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_EMIT_EMITTER_H
#define DSOCR_EMIT_EMITTER_H

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

enum class EmitFormat { IR, JSON, Markdown, DOT, Mermaid, CSV, HTML };

/// A name of a format, as -emit takes it.
struct EmitFormatName {
  llvm::StringRef Name;
  EmitFormat Format;
  llvm::StringRef Description; // "alias of ..." for an alias
};
/// `ir`, `json`, `md` (or `markdown`), `dot`, `mermaid` (or `mmd`), `csv`,
/// `html`.
llvm::ArrayRef<EmitFormatName> emitFormatNames();
/// The main name of F (`md` for Markdown).
llvm::StringRef emitFormatName(EmitFormat F);
/// True if the format needs the tree form (everything but IR).
bool emitNeedsTree(EmitFormat F);

/// The version of the grouped-JSON schema (docs/JSONSchema.md).
constexpr unsigned GroupedJSONSchemaVersion = 2;

/// What the outputs record about the run.
struct EmitContext {
  std::string SourceName;   // file name of the input, `<stdin>` for stdin
  std::string ProfileName;  // the profile's name
  std::string ProfileTitle; // the profile's title: the heading of the report
  std::string ProfileWhy;   // why it is the profile (`chosen with -profile`)
  /// The passes that ran, as written in a pipeline (`prune{depth=2}`).
  std::vector<std::string> Pipeline;
  /// The grouping options (the defaults of the passes' parameters).
  unsigned MinFamilySize = 2;
  unsigned MinParFor = 2;
  unsigned MaxOpVariants = 4;
  /// The HTML report's picture: the SVG Graphviz rendered from the DOT
  /// output (the driver runs `dot`); empty when there is none, and the
  /// report then shows the DOT text.
  std::string PictureSVG;
};

void emitIR(const CallGraph &G, llvm::raw_ostream &OS);
void emitJSON(const CallGraph &G, const EmitContext &Ctx,
              llvm::raw_ostream &OS);
void emitMarkdown(const CallGraph &G, const EmitContext &Ctx,
                  llvm::raw_ostream &OS);
void emitDOT(const CallGraph &G, const EmitContext &Ctx, llvm::raw_ostream &OS);
void emitMermaid(const CallGraph &G, const EmitContext &Ctx,
                 llvm::raw_ostream &OS);
void emitCSV(const CallGraph &G, const EmitContext &Ctx, llvm::raw_ostream &OS);
/// The interactive report: one self-contained HTML page (docs/Report.md).
void emitHTML(const CallGraph &G, const EmitContext &Ctx,
              llvm::raw_ostream &OS);
/// Grouped trees with more nodes than this have no picture in the HTML
/// report (Graphviz would take minutes, and the page would be slow).
constexpr size_t HTMLMaxPictureNodes = 2000;
/// True if the HTML report of G shows a picture.
bool htmlShowsPicture(const CallGraph &G);

/// Writes G in format F.
void emit(EmitFormat F, const CallGraph &G, const EmitContext &Ctx,
          llvm::raw_ostream &OS);
/// G in format F, as text.
std::string emitToString(EmitFormat F, const CallGraph &G,
                         const EmitContext &Ctx);

/// A file of the grouped report (-output-dir), in the order written.
struct ReportFile {
  const char *FileName; // dsocr-call-graph-grouped.json, ...
  EmitFormat Format;
};
llvm::ArrayRef<ReportFile> reportFiles();
/// The picture Graphviz renders from the DOT file, when it can.
extern const char *const ReportSVGFileName;

} // namespace dsocr

#endif // DSOCR_EMIT_EMITTER_H
