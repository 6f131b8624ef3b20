//===- GraphView.cpp - The grouped tree as nodes and labelled edges -------===//
//
// Builds the GraphView the DOT and Mermaid emitters draw.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/GraphView.h"

#include "dsocr/Emit/Describe.h"
#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"

#include "llvm/ADT/STLExtras.h"

using namespace dsocr;

GraphView dsocr::buildGraphView(const CallGraph &G, const EmitContext &Ctx) {
  GraphView V;
  // Each node with its caller's view node and, in the stage view, its line
  // (one cluster per line, the line's box and its modules in it).
  struct Item {
    const Node *N;
    size_t Caller;
    const Node *Line;
  };
  std::vector<Item> Stack{{G.root(), 0, nullptr}};
  while (!Stack.empty()) {
    auto [N, Caller, Line] = Stack.back();
    Stack.pop_back();
    if (N->isStage())
      Line = N;
    size_t Me = V.Nodes.size();
    GraphView::ViewNode VN;
    VN.Id = "n" + std::to_string(Me);
    if (N->isRoot()) {
      VN.Title = Ctx.ProfileTitle;
      VN.Remark = Ctx.SourceName;
      VN.IsRoot = true;
    } else {
      VN.Title = nodeTitle(*N);
      VN.Remark = shortRemark(*N);
      VN.Stage = Line ? Line->address().str() : N->stage().str();
      VN.NeverCalled = N->calls() == 0;
      V.Edges.push_back({Caller, Me, loopText(*N)});
      if (!VN.Stage.empty() && !llvm::is_contained(V.Stages, VN.Stage))
        V.Stages.push_back(VN.Stage);
    }
    V.Nodes.push_back(std::move(VN));
    const auto &Kids = N->children();
    for (auto It = Kids.rbegin(); It != Kids.rend(); ++It)
      Stack.push_back({*It, Me, Line});
  }
  return V;
}
