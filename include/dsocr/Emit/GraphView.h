//===- GraphView.h - The grouped tree as nodes and labelled edges -*- C++ -*-=//
//
// What the picture emitters (DOT, Mermaid) draw, computed once: one node
// per grouped node with a title (`Block @ sam_model.blocks.[0-11]`), a short
// second line, a statistics line (calls, ops, output shapes), a tooltip
// (params, shapes, op counts) and a stage; one edge from each caller,
// labelled with the callee's loop (`for 12`, `parfor 64`; no label for a
// single call). The root is drawn as a node named after the model. In the
// stage view each line is a node (`vision stage`) whose modules share its
// cluster.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_EMIT_GRAPHVIEW_H
#define DSOCR_EMIT_GRAPHVIEW_H

#include <string>
#include <vector>

namespace dsocr {

class CallGraph;
struct EmitContext;

struct GraphView {
  struct ViewNode {
    std::string Id;      // n0, n1, ... in tree order
    std::string Title;   // first line
    std::string Remark;  // second line, may be empty
    std::string Stats;   // `24 calls, 3,072 ops`; empty for the root
    std::string Tooltip; // lines separated by '\n'
    std::string Stage;   // empty if none
    bool IsRoot = false;
    bool NeverCalled = false;
  };
  struct ViewEdge {
    size_t From, To;
    std::string Label;
  };
  std::vector<ViewNode> Nodes;
  std::vector<ViewEdge> Edges;
  /// Stages in first-appearance order (profile order after annotate-stage).
  std::vector<std::string> Stages;
};

GraphView buildGraphView(const CallGraph &G, const EmitContext &Ctx);

} // namespace dsocr

#endif // DSOCR_EMIT_GRAPHVIEW_H
