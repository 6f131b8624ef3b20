//===- MarkdownEmitter.cpp - The Markdown report --------------------------===//
//
// The loop-nest outline a person reads first (one line per grouped node,
// indented by caller: `Class @ pattern  for N  remarks`), then the table of
// groups, then totals.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Describe.h"
#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Version.h"

#include "llvm/Support/raw_ostream.h"

#include <boost/json/value.hpp>

#include <algorithm>

using namespace dsocr;

namespace {

struct OutlineLine {
  unsigned Depth;
  std::string Title;
  std::string Loop;
  std::string Remarks;
};

/// Escapes `|` for a Markdown table cell; control characters (a newline
/// would end the row) become spaces.
std::string cell(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '|')
      Out += "\\|";
    else if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f)
      Out += ' ';
    else
      Out += C;
  }
  return Out;
}

/// Control characters would break the outline's lines: show them as `?`.
std::string plain(std::string S) {
  for (char &C : S)
    if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f)
      C = '?';
  return S;
}

} // namespace

static void emitGroups(const CallGraph &G, llvm::raw_ostream &OS);
static void emitStageLines(const CallGraph &G, llvm::raw_ostream &OS);

/// `vision stage  parfor 2: ImageEncoderViT @ sam_model -> ...`, each
/// module with its own loop.
static std::string stageLineText(const Node &S) {
  std::string Text = nodeTitle(S);
  std::string Loop = loopText(S);
  if (!Loop.empty())
    Text += "  " + Loop;
  Text += ":";
  for (size_t I = 0; I < S.children().size(); ++I) {
    const Node &M = *S.children()[I];
    Text += (I ? " -> " : " ") + nodeTitle(M);
    std::string MLoop = loopText(M);
    if (!MLoop.empty())
      Text += " " + MLoop;
    if (M.calls() == 0)
      Text += " (never called)";
  }
  return Text;
}
static void emitStages(const CallGraph &G, llvm::raw_ostream &OS);
static void emitTensors(const CallGraph &G,
                        const std::vector<const Node *> &Outlined,
                        llvm::raw_ostream &OS);

void dsocr::emitMarkdown(const CallGraph &G, const EmitContext &Ctx,
                         llvm::raw_ostream &OS) {
  const Node &Root = *G.root();
  const NodeExtra *RX = Root.extra();

  OS << "# " << plain(Ctx.ProfileTitle) << "\n\n";
  OS << "Source `" << Ctx.SourceName << "`, profile `" << Ctx.ProfileName
     << "`";
  if (!Ctx.ProfileWhy.empty())
    OS << " (" << plain(Ctx.ProfileWhy) << ")";
  OS << ", dsocr-opt " << DSOCR_VERSION_STRING << ".";
  if (RX && RX->HaveTotals)
    OS << " The trace has " << withThousands(RX->TotalCalls)
       << " module calls and " << withThousands(RX->TotalOps) << " ops.";
  OS << "\n\n";

  // Outline.
  std::vector<OutlineLine> Lines;
  std::vector<const Node *> Outlined;
  std::vector<std::pair<const Node *, unsigned>> Stack;
  for (auto It = Root.children().rbegin(); It != Root.children().rend(); ++It)
    Stack.push_back({*It, 0});
  uint64_t Hidden = 0;
  if (RX)
    Hidden += RX->HiddenNodes;
  while (!Stack.empty()) {
    auto [N, Depth] = Stack.back();
    Stack.pop_back();
    if (N->isStage()) {
      // A line of the stage view, its modules on it: not aligned.
      Lines.push_back({Depth, plain(stageLineText(*N)), "", ""});
      Outlined.push_back(N);
      for (const Node *M : N->children()) {
        Outlined.push_back(M);
        if (M->extra())
          Hidden += M->extra()->HiddenNodes;
      }
      continue;
    }
    std::string Remarks;
    for (const std::string &R : nodeRemarks(*N))
      Remarks += (Remarks.empty() ? "" : "; ") + R;
    Lines.push_back(
        {Depth, plain(nodeTitle(*N)), loopText(*N), plain(Remarks)});
    Outlined.push_back(N);
    if (N->extra())
      Hidden += N->extra()->HiddenNodes;
    for (auto It = N->children().rbegin(); It != N->children().rend(); ++It)
      Stack.push_back({*It, Depth + 1});
  }
  size_t TitleWidth = 0, LoopWidth = 0;
  // Indentation stops growing MaxOutlineIndent levels deep (deeper lines
  // say their depth), so that a deep tree's outline stays linear in size.
  constexpr unsigned MaxOutlineIndent = 32;
  auto Indent = [&](const OutlineLine &L) {
    std::string Text(std::min(L.Depth, MaxOutlineIndent) * 2, ' ');
    if (L.Depth > MaxOutlineIndent)
      Text += "(depth " + std::to_string(L.Depth) + ") ";
    return Text;
  };
  for (const OutlineLine &L : Lines) {
    TitleWidth = std::max(TitleWidth, std::min(L.Depth, MaxOutlineIndent) * 2 +
                                          L.Title.size());
    LoopWidth = std::max(LoopWidth, L.Loop.size());
  }
  TitleWidth = std::min<size_t>(TitleWidth, 72);

  OS << "## Outline\n\n```text\n";
  for (const OutlineLine &L : Lines) {
    std::string Text = Indent(L);
    Text += L.Title;
    if (!L.Loop.empty() || !L.Remarks.empty()) {
      Text += std::string(
          Text.size() < TitleWidth ? TitleWidth - Text.size() : 0, ' ');
      Text += "  " + L.Loop;
      if (!L.Remarks.empty()) {
        Text += std::string(LoopWidth - L.Loop.size(), ' ');
        Text += "  " + L.Remarks;
      }
    }
    while (!Text.empty() && Text.back() == ' ')
      Text.pop_back();
    OS << Text << '\n';
  }
  OS << "```\n\n";
  bool StageView = llvm::any_of(Root.children(),
                                [](const Node *C) { return C->isStage(); });
  if (Hidden && StageView)
    OS << "The stage view shows each stage's top-level modules: "
       << withThousands(Hidden)
       << " nodes below them are hidden, their calls and ops counted in "
          "them.\n\n";
  else if (Hidden)
    OS << "Pruning hid " << withThousands(Hidden)
       << " nodes; their calls and ops are counted in their callers.\n\n";

  if (StageView)
    emitStageLines(G, OS);
  emitGroups(G, OS);
  emitStages(G, OS);
  emitTensors(G, Outlined, OS);
  if (!G.runtimeEvents().empty()) {
    OS << "\n## Runtime events\n\n";
    for (const RuntimeEvent &E : G.runtimeEvents())
      OS << "* " << cell(describeRuntimeEvent(E)) << '\n';
  }
}

/// The totals of each line of the stage view.
static void emitStageLines(const CallGraph &G, llvm::raw_ostream &OS) {
  OS << "## Stage lines\n\n| Stage | Loop | Calls | Ops | Activations | "
        "Notes |\n|---|---|---:|---:|---:|---|\n";
  for (const Node *S : G.root()->children()) {
    if (!S->isStage())
      continue;
    const NodeExtra *X = S->extra();
    boost::json::error_code EC;
    boost::json::value V =
        parseJSONExact(X ? llvm::StringRef(X->LineTotals) : "{}", EC);
    const boost::json::object *O = EC ? nullptr : V.if_object();
    auto Num = [&](const char *K) -> llvm::Optional<uint64_t> {
      const boost::json::value *E = O ? O->if_contains(K) : nullptr;
      if (E && E->is_uint64())
        return E->get_uint64();
      if (E && E->is_int64())
        return uint64_t(E->get_int64());
      return llvm::None;
    };
    std::string Notes;
    if (X)
      for (const std::string &N : X->Notes)
        Notes += (Notes.empty() ? "" : "; ") + N;
    auto Count = [&](const char *K) {
      llvm::Optional<uint64_t> C = Num(K);
      return C ? withThousands(*C) : std::string();
    };
    llvm::Optional<uint64_t> Bytes = Num("activation_bytes");
    OS << "| " << cell(S->address()) << " | " << loopText(*S) << " | "
       << Count("calls") << " | " << Count("ops") << " | "
       << (Bytes ? describeBytes(*Bytes) : std::string()) << " | "
       << cell(Notes) << " |\n";
  }
  OS << "\nCalls and ops of each line's modules and everything below them; "
        "activations as in Stages below.\n\n";
}

/// Stage totals recorded by annotate-stage.
static void emitStages(const CallGraph &G, llvm::raw_ostream &OS) {
  const NodeExtra *RX = G.root()->extra();
  if (!RX || RX->StageTotals.empty())
    return;
  boost::json::error_code EC;
  boost::json::value V = parseJSONExact(RX->StageTotals, EC);
  if (EC || !V.is_array() || V.get_array().empty())
    return;
  bool Bytes = false;
  for (const boost::json::value &S : V.get_array())
    Bytes |= S.get_object().contains("activation_bytes");
  OS << "\n## Stages\n\n| Stage | Modules | Calls | Ops |"
     << (Bytes ? " Activations |" : "") << "\n|---|---:|---:|---:|"
     << (Bytes ? "---:|" : "") << '\n';
  auto Num = [](const boost::json::object &O, const char *K) {
    const boost::json::value *V = O.if_contains(K);
    return V && V->is_uint64()  ? V->get_uint64()
           : V && V->is_int64() ? uint64_t(V->get_int64())
                                : uint64_t(0);
  };
  for (const boost::json::value &S : V.get_array()) {
    const boost::json::object &O = S.get_object();
    const boost::json::value &Name = O.at("name");
    OS << "| "
       << (Name.is_string() ? cell(std::string(Name.get_string()))
                            : std::string("(none)"))
       << " | " << withThousands(Num(O, "modules")) << " | "
       << withThousands(Num(O, "calls")) << " | "
       << withThousands(Num(O, "ops")) << " |";
    if (Bytes)
      OS << ' '
         << (O.contains("activation_bytes")
                 ? describeBytes(Num(O, "activation_bytes"))
                 : std::string(""))
         << " |";
    OS << '\n';
  }
  if (Bytes)
    OS << "\nActivations: bytes of the output tensors of the leaf modules "
          "over all calls (elements x dtype size).\n";
}

/// Most signatures listed per node; the JSON output has them all.
constexpr size_t MaxSignatureRows = 8;

/// Constructor parameters and tensors of every node in the outline that has
/// them: one row per distinct call signature.
static void emitTensors(const CallGraph &G,
                        const std::vector<const Node *> &Outlined,
                        llvm::raw_ostream &OS) {
  bool Header = false;
  for (const Node *N : Outlined) {
    MetadataSummary S = summaryOf(*N);
    if (S.empty())
      continue;
    if (!Header) {
      OS << "\n## Tensors\n\nOne row per distinct call signature; bytes "
            "are per call (elements x dtype size).\n\n"
            "| Node | Parameters | Calls | Which | Input | Output | "
            "Output bytes |\n|---|---|---:|---|---|---|---:|\n";
      Header = true;
    }
    std::string First =
        "| `" + cell(nodeTitle(*N)) + "` | " + cell(describeParams(S)) + " |";
    if (S.Signatures.empty()) {
      OS << First << " |  |  |  |  |\n";
      continue;
    }
    for (size_t I = 0; I < S.Signatures.size(); ++I) {
      const CallSignature &Sig = S.Signatures[I];
      OS << (I == 0 ? First : std::string("|  |  |"));
      if (I == MaxSignatureRows && S.Signatures.size() > MaxSignatureRows + 1) {
        uint64_t Calls = 0;
        for (size_t J = I; J < S.Signatures.size(); ++J)
          Calls += S.Signatures[J].Calls;
        OS << ' ' << withThousands(Calls) << " | "
           << S.Signatures.size() - I
           << " more signatures (the JSON output lists them all) |  |  |  |\n";
        break;
      }
      bool Exact = true;
      std::string Bytes =
          Sig.Outputs ? describeBytes(tensorBytes(*Sig.Outputs, Exact)) : "";
      if (!Exact)
        Bytes += " (some dtypes unknown)";
      OS << ' ' << withThousands(Sig.Calls) << " | "
         << cell(whichCalls(Sig, S, *N)) << " | "
         << cell(Sig.Inputs ? describeTensors(*Sig.Inputs) : "") << " | "
         << cell(Sig.Outputs ? describeTensors(*Sig.Outputs) : "") << " | "
         << Bytes << " |\n";
    }
  }
}

/// The table of groups.
static void emitGroups(const CallGraph &G, llvm::raw_ostream &OS) {
  OS << "## Groups\n\n";
  bool Any = false;
  G.walkPreOrder([&](Node *N) { Any |= N->isGroup() || N->repeat(); });
  if (!Any) {
    OS << "No groups.\n";
    return;
  }
  OS << "| Group | Loop | Stage | Under | Calls | Ops | Notes |\n";
  OS << "|---|---|---|---|---:|---:|---|\n";
  G.walkPreOrder([&](Node *N) {
    if (!N->isGroup() && !N->repeat())
      return;
    std::string Remarks;
    for (const std::string &R : nodeRemarks(*N))
      Remarks += (Remarks.empty() ? "" : "; ") + R;
    OS << "| `" << cell(nodeTitle(*N)) << "` | " << loopText(*N) << " | "
       << (N->stage().empty() ? "" : cell(N->stage())) << " | "
       << (N->parent()->isRoot()    ? std::string("")
           : N->parent()->isStage() ? cell(nodeTitle(*N->parent()))
                                    : "`" + cell(N->parent()->address()) + "`")
       << " | " << withThousands(N->calls()) << " | "
       << withThousands(N->inclusiveOps()) << " | " << cell(Remarks) << " |\n";
  });
}
