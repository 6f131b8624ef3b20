//===- GraphView.cpp - The grouped tree as nodes and labelled edges -------===//
//
// Builds the GraphView the DOT and Mermaid emitters draw.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/GraphView.h"

#include "dsocr/Emit/Describe.h"
#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

using namespace dsocr;

GraphView dsocr::buildGraphView(const CallGraph &G, const EmitContext &Ctx) {
  GraphView V;
  // Inclusive ops of every node, in one walk (Node::inclusiveOps walks the
  // subtree each time).
  llvm::DenseMap<const Node *, uint64_t> Inclusive;
  CallGraph::walkPostOrder(G.root(), [&](Node *N) {
    uint64_t Sum = N->ops() + (N->extra() ? N->extra()->HiddenOps : 0);
    for (const Node *C : N->children())
      Sum += Inclusive[C];
    Inclusive[N] = Sum;
  });
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
      VN.Tooltip = Ctx.ProfileTitle + "\n" + Ctx.SourceName + "\n" +
                   nodeTooltip(*N, Inclusive.lookup(N));
    } else {
      VN.Title = nodeTitle(*N);
      VN.Remark = shortRemark(*N);
      VN.Stats = statsLine(*N, Inclusive.lookup(N));
      VN.Tooltip = nodeTooltip(*N, Inclusive.lookup(N));
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
