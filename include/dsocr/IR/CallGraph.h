//===- CallGraph.h - The call-graph IR --------------------------*- C++ -*-===//
//
// A CallGraph owns every node and string of one trace. It has two forms:
//
//  * the trace form, straight from a reader: one module node per address,
//    with its class, call and op counts, its dynamic callers (from `edges`)
//    and its static parent (from `module_children`), but no tree yet;
//  * the tree form, built by parse-edges: nodes hang off an implicit root
//    and the fold passes rewrite the tree.
//
// Both forms have a textual syntax (IRPrinter / IRParser, see docs/IR.md).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_CALLGRAPH_H
#define DSOCR_IR_CALLGRAPH_H

#include "dsocr/IR/Node.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Support/LargeMemory.h"

#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class CallGraph {
public:
  CallGraph();
  ~CallGraph();
  CallGraph(const CallGraph &) = delete;
  CallGraph &operator=(const CallGraph &) = delete;

  /// Copies S into storage owned by the graph.
  llvm::StringRef save(llvm::StringRef S) { return Strings.save(S); }
  /// Interns S: equal strings share one copy (used for class names, stages).
  llvm::StringRef intern(llvm::StringRef S);

  /// Allocates a node owned by the graph; it is not linked anywhere.
  Node *createNode(NodeKind Kind, llvm::StringRef Address,
                   llvm::StringRef ClassName);

  // --- Trace form ---------------------------------------------------------

  /// The module node for Address, created (without class or counts) on first
  /// mention. FirstMention is remembered as the node's location.
  Node *getOrCreateModule(llvm::StringRef Address, const char *FirstMention) {
    return getOrCreateModule(Address, FirstMention, hashAddress(Address));
  }
  /// The same with Hash = hashAddress(Address) already computed.
  Node *getOrCreateModule(llvm::StringRef Address, const char *FirstMention,
                          uint64_t Hash);
  /// The address index's hash of Address (never 0).
  static uint64_t hashAddress(llvm::StringRef Address);
  /// Starts loading the index slot a lookup of Hash will read first.
  void prefetchModuleSlot(uint64_t Hash) const {
    if (!Table.empty())
      __builtin_prefetch(&Table[tagOf(Hash) & (Table.size() - 1)]);
  }
  Node *lookupModule(llvm::StringRef Address) const;
  /// Makes room for about N modules (saves rehashing while reading).
  void reserveModules(size_t N);
  size_t moduleCount() const { return ModuleList.size(); }
  /// Module nodes in natural address order.
  std::vector<Node *> modulesInOrder() const;
  /// Module nodes in first-call order (Node::callOrder), then those never
  /// called in natural address order.
  std::vector<Node *> modulesInCallOrder() const;
  /// Module nodes in the order they were first mentioned (which depends on
  /// the input's key order: callers must not let it show).
  const std::vector<Node *> &modules() const { return ModuleList; }
  /// Iterates module nodes in first-mention order.
  template <typename Fn> void forEachModule(Fn F) const {
    for (Node *N : ModuleList)
      F(N);
  }

  /// Number of nodes ever created; Node::id() is below it (for side tables).
  uint32_t nodeCount() const { return NextId; }

  /// Top-level keys of the trace that were not understood (kept, ignored).
  std::vector<std::string> &ignoredKeys() { return IgnoredKeys; }
  const std::vector<std::string> &ignoredKeys() const { return IgnoredKeys; }

  /// Events the traced run recorded (RuntimeEvents.h), in order.
  std::vector<RuntimeEvent> &runtimeEvents() { return RuntimeEvents; }
  const std::vector<RuntimeEvent> &runtimeEvents() const {
    return RuntimeEvents;
  }

  // --- Tree form ----------------------------------------------------------

  bool hasTree() const { return Root != nullptr; }
  Node *root() const { return Root; }
  void setRoot(Node *R) { Root = R; }

  /// Calls F(Node*) on every node of the tree in pre-order.
  template <typename Fn> void walkPreOrder(Fn F) const {
    if (Root)
      walkPreOrder(Root, F);
  }
  template <typename Fn> static void walkPreOrder(Node *N, Fn F) {
    std::vector<Node *> Stack{N};
    while (!Stack.empty()) {
      Node *Cur = Stack.back();
      Stack.pop_back();
      F(Cur);
      const auto &Kids = Cur->children();
      for (auto It = Kids.rbegin(); It != Kids.rend(); ++It)
        Stack.push_back(*It);
    }
  }
  /// Calls F(Node*) on every node below and including N, children first.
  template <typename Fn> static void walkPostOrder(Node *N, Fn F) {
    std::vector<std::pair<Node *, size_t>> Stack{{N, 0}};
    while (!Stack.empty()) {
      auto &Top = Stack.back();
      if (Top.second < Top.first->children().size()) {
        Node *Child = Top.first->children()[Top.second++];
        Stack.push_back({Child, 0});
        continue;
      }
      Node *Done = Top.first;
      Stack.pop_back();
      F(Done);
    }
  }

  /// Source name shown in outputs (the input file, or `<stdin>`).
  llvm::StringRef sourceName() const { return SourceName; }
  void setSourceName(llvm::StringRef S) { SourceName = S.str(); }

private:
  llvm::BumpPtrAllocator InternAlloc;
  llvm::UniqueStringSaver Interned;
  std::array<llvm::StringRef, 16> RecentInterned; // interned strings
  StringArena Strings; // addresses and other saved strings
  ObjectArena<Node> Nodes; // every node, destroyed with the graph
  uint32_t NextId = 0;
  // The address index: open addressing over a power-of-two table of
  // (hash tag, position in ModuleList), at most three quarters full; a
  // zero tag is an empty slot. Eight bytes a slot: it is fresh memory.
  struct Slot {
    uint32_t Tag;   // the low 32 bits of the hash (never 0), which also
    uint32_t Index; // give the slot: modules fit in 32 bits
  };
  static uint32_t tagOf(uint64_t Hash) { return uint32_t(Hash); }
  LargeArray<Slot> Table;
  std::vector<Node *> ModuleList;
  /// Rebuilds the table with Size slots (0: double it).
  void grow(size_t Size);
  std::vector<std::string> IgnoredKeys;
  std::vector<RuntimeEvent> RuntimeEvents;
  Node *Root = nullptr;
  std::string SourceName;
};

} // namespace dsocr

#endif // DSOCR_IR_CALLGRAPH_H
