//===- MermaidEmitter.cpp - Mermaid flowchart output ----------------------===//
//
// The grouped tree as a Mermaid flowchart (left to right), for Markdown
// viewers that render Mermaid: a node per grouped node (title, remarks and
// a statistics line: calls, ops, output shapes where they fit; in the
// label, since a Mermaid tooltip needs a click handler), a subgraph per
// stage, edges labelled `for N` / `parfor N`. Labels are always quoted and
// every character Mermaid could read as syntax is written as an entity code
// (`#34;` for `"`), so any address or class name is safe.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"
#include "dsocr/Emit/GraphView.h"

#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

/// A quoted Mermaid label; Lines are joined with `<br/>`.
static void label(llvm::raw_ostream &OS, llvm::ArrayRef<std::string> Lines) {
  OS << '"';
  bool First = true;
  for (const std::string &Line : Lines) {
    if (Line.empty())
      continue;
    if (!First)
      OS << "<br/>";
    First = false;
    for (unsigned char C : Line) {
      switch (C) {
      case '"':
      case '#':
      case '<':
      case '>':
      case '&':
      case '|':
      case '`':
      case '%':
      case ';':
      case '\\':
        OS << '#' << unsigned(C) << ';';
        break;
      default:
        if (C >= 0x20 && C != 0x7f)
          OS << char(C);
      }
    }
  }
  OS << '"';
}

/// Subgraph ids: letters, digits and `_` only.
static std::string stageId(llvm::StringRef Stage, size_t Index) {
  std::string Id = "stage" + std::to_string(Index) + "_";
  for (char C : Stage)
    Id += std::isalnum(static_cast<unsigned char>(C)) ? C : '_';
  return Id;
}

void dsocr::emitMermaid(const CallGraph &G, const EmitContext &Ctx,
                        llvm::raw_ostream &OS) {
  GraphView V = buildGraphView(G, Ctx);
  OS << "%% Grouped call graph of " << Ctx.SourceName << " (profile "
     << Ctx.ProfileName << "), written by dsocr-opt.\n";
  OS << "flowchart LR\n";
  auto NodeLine = [&](const GraphView::ViewNode &N, unsigned Indent) {
    OS.indent(Indent) << N.Id << '[';
    label(OS, {N.Title, N.Remark, N.Stats});
    OS << "]\n";
  };
  for (const GraphView::ViewNode &N : V.Nodes)
    if (N.Stage.empty())
      NodeLine(N, 2);
  for (size_t S = 0; S < V.Stages.size(); ++S) {
    OS << "  subgraph " << stageId(V.Stages[S], S) << '[';
    label(OS, {V.Stages[S]});
    OS << "]\n";
    for (const GraphView::ViewNode &N : V.Nodes)
      if (N.Stage == V.Stages[S])
        NodeLine(N, 4);
    OS << "  end\n";
  }
  for (const GraphView::ViewEdge &E : V.Edges) {
    OS << "  " << V.Nodes[E.From].Id << " -->";
    if (!E.Label.empty()) {
      OS << '|';
      label(OS, {E.Label});
      OS << '|';
    }
    OS << ' ' << V.Nodes[E.To].Id << '\n';
  }
  for (const GraphView::ViewNode &N : V.Nodes)
    if (N.NeverCalled)
      OS << "  style " << N.Id << " stroke-dasharray: 4 3\n";
}
