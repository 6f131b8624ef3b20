//===- Emitter.cpp - The output formats and their dispatch ----------------===//
//
// The names -emit takes, the dispatch to each format's emitter, and the
// files of the grouped report that -output-dir writes.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"

#include "dsocr/IR/IRPrinter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

llvm::ArrayRef<EmitFormatName> dsocr::emitFormatNames() {
  static const EmitFormatName Names[] = {
      {"ir", EmitFormat::IR, "textual IR (docs/IR.md)"},
      {"json", EmitFormat::JSON, "grouped JSON (docs/JSONSchema.md)"},
      {"md", EmitFormat::Markdown, "Markdown report"},
      {"markdown", EmitFormat::Markdown, "alias of md"},
      {"dot", EmitFormat::DOT, "Graphviz DOT"},
      {"mermaid", EmitFormat::Mermaid, "Mermaid flowchart"},
      {"mmd", EmitFormat::Mermaid, "alias of mermaid"},
      {"csv", EmitFormat::CSV, "one row per node (RFC 4180)"},
      {"html", EmitFormat::HTML, "interactive HTML report (docs/Report.md)"},
  };
  return Names;
}

llvm::StringRef dsocr::emitFormatName(EmitFormat F) {
  return llvm::find_if(emitFormatNames(),
                       [&](const EmitFormatName &N) { return N.Format == F; })
      ->Name;
}

bool dsocr::emitNeedsTree(EmitFormat F) { return F != EmitFormat::IR; }

void dsocr::emitIR(const CallGraph &G, llvm::raw_ostream &OS) {
  printIR(G, OS);
}

void dsocr::emit(EmitFormat F, const CallGraph &G, const EmitContext &Ctx,
                 llvm::raw_ostream &OS) {
  switch (F) {
  case EmitFormat::IR:
    return emitIR(G, OS);
  case EmitFormat::JSON:
    return emitJSON(G, Ctx, OS);
  case EmitFormat::Markdown:
    return emitMarkdown(G, Ctx, OS);
  case EmitFormat::DOT:
    return emitDOT(G, Ctx, OS);
  case EmitFormat::Mermaid:
    return emitMermaid(G, Ctx, OS);
  case EmitFormat::CSV:
    return emitCSV(G, Ctx, OS);
  case EmitFormat::HTML:
    return emitHTML(G, Ctx, OS);
  }
  llvm_unreachable("unknown emit format");
}

std::string dsocr::emitToString(EmitFormat F, const CallGraph &G,
                                const EmitContext &Ctx) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  emit(F, G, Ctx, OS);
  OS.flush();
  return Text;
}

llvm::ArrayRef<ReportFile> dsocr::reportFiles() {
  static const ReportFile Files[] = {
      {"dsocr-call-graph-grouped.json", EmitFormat::JSON},
      {"dsocr-call-graph-grouped.md", EmitFormat::Markdown},
      {"dsocr-call-graph-grouped.dot", EmitFormat::DOT},
      {"dsocr-call-graph-grouped.mmd", EmitFormat::Mermaid},
      {"dsocr-call-graph-grouped.csv", EmitFormat::CSV},
      // Last: it shows the picture rendered from the DOT file.
      {"dsocr-call-graph-grouped.html", EmitFormat::HTML},
  };
  return Files;
}

const char *const dsocr::ReportSVGFileName = "dsocr-call-graph-grouped.svg";
