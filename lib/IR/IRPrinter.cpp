//===- IRPrinter.cpp - Textual form of the call-graph IR ------------------===//
//
// The canonical printer. Node attributes are printed in the order of the
// table in NodeAttributes.cpp (which docs/IR.md shows); default-valued
// attributes are left out.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/IRPrinter.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/NodeAttributes.h"
#include "dsocr/Support/Address.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace dsocr;

void dsocr::printIRString(llvm::raw_ostream &OS, llvm::StringRef S) {
  static const char Hex[] = "0123456789abcdef";
  OS << '"';
  for (unsigned char C : S) {
    switch (C) {
    case '"':
      OS << "\\\"";
      break;
    case '\\':
      OS << "\\\\";
      break;
    case '\n':
      OS << "\\n";
      break;
    case '\t':
      OS << "\\t";
      break;
    default:
      if (C < 0x20 || C == 0x7f)
        OS << "\\x" << Hex[C >> 4] << Hex[C & 15];
      else
        OS << char(C);
    }
  }
  OS << '"';
}

void dsocr::printIRStringList(llvm::raw_ostream &OS,
                              const std::vector<std::string> &List) {
  OS << '[';
  for (size_t I = 0; I < List.size(); ++I) {
    if (I)
      OS << ", ";
    printIRString(OS, List[I]);
  }
  OS << ']';
}

namespace {

class Printer {
public:
  Printer(llvm::raw_ostream &OS, const CallGraph &G) : OS(OS), G(G) {}

  void printTraceForm(const CallGraph &G);
  void printTreeForm(const CallGraph &G);

private:
  /// Two spaces a level, up to MaxIndentLevels: deeper blocks are indented
  /// no further (the parser reads blocks by braces), so that printing a deep
  /// tree stays linear in its size.
  static constexpr unsigned MaxIndentLevels = 32;
  void indent(unsigned Depth) {
    OS.indent(std::min(Depth, MaxIndentLevels) * 2);
  }
  void printStringList(llvm::StringRef Name,
                       const std::vector<std::string> &List);
  void printIndexSetList(llvm::StringRef Name,
                         const std::vector<IndexSet> &List);
  void printMetadata(const NodeMetadata &M);
  void printNode(const Node &N, unsigned Depth);
  void printNodeHeader(const Node &N);
  void printFamily(const Family &F, unsigned Depth);
  void printVariant(const Variant &V, unsigned Depth);

  llvm::raw_ostream &OS;
  const CallGraph &G;
};

} // namespace

void Printer::printStringList(llvm::StringRef Name,
                              const std::vector<std::string> &List) {
  if (List.empty())
    return;
  OS << ' ' << Name << '=';
  printIRStringList(OS, List);
}

void Printer::printIndexSetList(llvm::StringRef Name,
                                const std::vector<IndexSet> &List) {
  if (List.empty())
    return;
  OS << ' ' << Name << "=[";
  for (size_t I = 0; I < List.size(); ++I) {
    if (I)
      OS << ", ";
    OS << '[' << List[I].str() << ']';
  }
  OS << ']';
}

void Printer::printMetadata(const NodeMetadata &M) {
  if (!M.Params.empty())
    OS << " params=" << M.Params;
  if (!M.Inputs.empty())
    OS << " inputs=" << M.Inputs;
  if (!M.Outputs.empty())
    OS << " outputs=" << M.Outputs;
  if (!M.Summary.empty())
    OS << " meta=" << M.Summary;
}

void Printer::printTraceForm(const CallGraph &G) {
  OS << "trace";
  printStringList("ignored_keys", G.ignoredKeys());
  if (!G.runtimeEvents().empty())
    OS << " runtime_events=" << runtimeEventsToJSON(G.runtimeEvents());
  OS << " {\n";
  // Modules in first-call order, which the parser reads back from the order
  // of the lines with calls=; never-called modules after them.
  std::vector<Node *> Modules = G.modulesInCallOrder();
  for (const Node *N : Modules) {
    OS << "  module ";
    printIRString(OS, N->address());
    if (N->hasClass()) {
      OS << " : ";
      printIRString(OS, N->className());
    }
    if (N->hasCallCount())
      OS << " calls=" << N->calls();
    if (N->hasOpCount())
      OS << " ops=" << N->ops();
    if (N->hasExtra())
      printMetadata(N->extra()->Meta);
    OS << '\n';
  }
  // Edges, grouped by callee in module order, callers in natural order.
  for (const Node *N : Modules) {
    std::vector<EdgeRef> Callers;
    if (N->firstCaller().Caller)
      Callers.push_back(N->firstCaller());
    if (N->hasExtra())
      Callers.insert(Callers.end(), N->extra()->MoreCallers.begin(),
                     N->extra()->MoreCallers.end());
    std::sort(
        Callers.begin(), Callers.end(), [](const EdgeRef &A, const EdgeRef &B) {
          return compareNatural(A.Caller->address(), B.Caller->address()) < 0;
        });
    for (const EdgeRef &E : Callers) {
      OS << "  edge ";
      printIRString(OS, (E.Caller->address() + "->" + N->address()).str());
      OS << " ops=" << E.Ops << '\n';
    }
  }
  // Static hierarchy, parents in module order, children in list order.
  llvm::DenseMap<const Node *, std::vector<const Node *>> Lists;
  for (const Node *N : Modules)
    if (N->staticParent())
      Lists[N->staticParent()].push_back(N);
  for (const Node *P : Modules) {
    auto It = Lists.find(P);
    if (It == Lists.end())
      continue;
    std::vector<const Node *> &Kids = It->second;
    std::sort(Kids.begin(), Kids.end(), [](const Node *A, const Node *B) {
      return A->staticIndex() < B->staticIndex();
    });
    OS << "  children ";
    printIRString(OS, P->address());
    OS << " = [";
    for (size_t I = 0; I < Kids.size(); ++I) {
      if (I)
        OS << ", ";
      printIRString(OS, Kids[I]->address());
    }
    OS << "]\n";
  }
  OS << "}\n";
}

void Printer::printFamily(const Family &F, unsigned Depth) {
  indent(Depth);
  OS << "family ";
  printIRString(OS, F.Base);
  OS << " : ";
  printIRString(OS, F.ClassName);
  if (!F.Stem.empty()) {
    OS << " stem=";
    printIRString(OS, F.Stem);
  }
  if (F.Style != IndexStyle::Decimal)
    OS << " index=" << indexStyleName(F.Style);
  if (!F.Names.empty()) {
    OS << " names=";
    printIRStringList(OS, F.Names);
  }
  OS << " kind=" << foldKindName(F.Kind);
  OS << " members=[" << F.Members.str() << ']';
  if (!F.Inactive.empty())
    OS << " inactive=[" << F.Inactive.str() << ']';
  printIndexSetList("shapes", F.Shapes);
  if (!F.Reason.empty()) {
    OS << " reason=";
    printIRString(OS, F.Reason);
  }
  if (!F.Note.empty()) {
    OS << " note=";
    printIRString(OS, F.Note);
  }
  OS << '\n';
}

void Printer::printVariant(const Variant &V, unsigned Depth) {
  indent(Depth);
  OS << "variant [" << V.Members.str() << ']';
  if (V.OpsMin == V.OpsMax)
    OS << " ops=" << V.OpsMin;
  else
    OS << " ops_min=" << V.OpsMin << " ops_max=" << V.OpsMax;
  printStringList("differs", V.Differs);
  printStringList("notes", V.Notes);
  OS << '\n';
}

void Printer::printNodeHeader(const Node &N) {
  if (N.isRoot()) {
    OS << "root";
  } else if (N.isStage()) {
    OS << "stage ";
    printIRString(OS, N.address());
  } else {
    OS << (N.isGroup() ? foldKindName(N.fold()) : "module") << ' ';
    printIRString(OS, N.address());
    OS << " : ";
    printIRString(OS, N.className());
  }
  uint8_t Kind = nodeKindBit(N);
  for (const NodeAttribute &A : nodeAttributes())
    if ((A.On & Kind) && A.IsSet(N, G)) {
      OS << ' ' << A.Name << '=';
      A.Print(OS, N, G);
    }
}

void Printer::printNode(const Node &N, unsigned Depth) {
  indent(Depth);
  printNodeHeader(N);
  const NodeExtra *X = N.extra();
  bool HasBody = !N.children().empty() ||
                 (X && (!X->Families.empty() || !X->Variants.empty()));
  if (!HasBody) {
    OS << '\n';
    return;
  }
  OS << " {\n";
  if (X) {
    for (const Variant &V : X->Variants)
      printVariant(V, Depth + 1);
    for (const Family &F : X->Families)
      printFamily(F, Depth + 1);
  }
  for (const Node *C : N.children())
    printNode(*C, Depth + 1);
  indent(Depth);
  OS << "}\n";
}

void Printer::printTreeForm(const CallGraph &G) {
  // Recursion depth is bounded by the tree depth, which readers limit.
  printNode(*G.root(), 0);
}

void dsocr::printIR(const CallGraph &G, llvm::raw_ostream &OS) {
  Printer P(OS, G);
  if (G.hasTree())
    P.printTreeForm(G);
  else
    P.printTraceForm(G);
}
