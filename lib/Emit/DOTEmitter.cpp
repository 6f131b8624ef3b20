//===- DOTEmitter.cpp - Graphviz DOT output -------------------------------===//
//
// The grouped tree as a Graphviz digraph, left to right: a box per node
// (`Class @ pattern`, a second line with notes, variants and called
// members) with a tooltip (calls, ops, constructor parameters, tensor
// shapes; an SVG viewer shows it on hover), an edge from each caller
// labelled `for N` / `parfor N`, one cluster per stage. Strings are quoted and
// escaped, so any address or class name gives valid DOT (`dot -Tsvg` accepts
// every output; tested).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"
#include "dsocr/Emit/GraphView.h"

#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

/// A DOT double-quoted string: `"` and `\` escaped, newlines as `\n`, other
/// control characters dropped.
static void quote(llvm::raw_ostream &OS, llvm::StringRef S) {
  OS << '"';
  for (unsigned char C : S) {
    if (C == '"' || C == '\\')
      OS << '\\' << char(C);
    else if (C == '\n')
      OS << "\\n";
    else if (C >= 0x20 && C != 0x7f)
      OS << char(C);
  }
  OS << '"';
}

static const char *const Fill[] = {"#e8f0fe", "#e6f4ea", "#fef7e0",
                                   "#fce8e6", "#f3e8fd", "#e4f7fb"};
static const char *const Border[] = {"#8ab4f8", "#81c995", "#fdd663",
                                     "#f28b82", "#c58af9", "#78d9ec"};

void dsocr::emitDOT(const CallGraph &G, const EmitContext &Ctx,
                    llvm::raw_ostream &OS) {
  GraphView V = buildGraphView(G, Ctx);
  OS << "// Grouped call graph of " << Ctx.SourceName << " (profile "
     << Ctx.ProfileName << "), written by dsocr-opt.\n";
  OS << "digraph dsocr {\n"
     << "  graph [rankdir=LR, ordering=out, fontname=\"Helvetica\", "
        "fontsize=11, nodesep=0.12, ranksep=0.35];\n"
     << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", "
        "color=\"#5f6368\", fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [color=\"#5f6368\", fontname=\"Helvetica\", fontsize=9];\n";

  auto NodeLine = [&](const GraphView::ViewNode &N, unsigned Indent) {
    OS.indent(Indent) << N.Id << " [label=";
    quote(OS, N.Remark.empty() ? N.Title : N.Title + "\n" + N.Remark);
    OS << ", tooltip=";
    quote(OS, N.Tooltip);
    if (N.IsRoot)
      OS << ", shape=plaintext, style=\"\", fontsize=12";
    else if (N.NeverCalled)
      OS << ", style=\"rounded,dashed\", fontcolor=\"#80868b\"";
    OS << "];\n";
  };
  for (const GraphView::ViewNode &N : V.Nodes)
    if (N.Stage.empty())
      NodeLine(N, 2);
  for (size_t S = 0; S < V.Stages.size(); ++S) {
    OS << "  subgraph ";
    quote(OS, "cluster_" + V.Stages[S]);
    OS << " {\n    label=";
    quote(OS, V.Stages[S]);
    OS << "; style=\"rounded,filled\"; fillcolor=\"" << Fill[S % 6]
       << "\"; color=\"" << Border[S % 6] << "\";\n";
    for (const GraphView::ViewNode &N : V.Nodes)
      if (N.Stage == V.Stages[S])
        NodeLine(N, 4);
    OS << "  }\n";
  }
  // With rankdir=LR and ordering=out, dot stacks a node's out-edges from
  // the bottom up: writing edges in reverse puts callees top-down in trace
  // order.
  for (auto It = V.Edges.rbegin(); It != V.Edges.rend(); ++It) {
    const GraphView::ViewEdge &E = *It;
    OS << "  " << V.Nodes[E.From].Id << " -> " << V.Nodes[E.To].Id;
    if (!E.Label.empty()) {
      OS << " [label=";
      quote(OS, E.Label);
      OS << ", fontcolor=\"#1a73e8\"]";
    }
    OS << ";\n";
  }
  OS << "}\n";
}
