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
  if (Hidden)
    OS << "Pruning hid " << withThousands(Hidden)
       << " nodes; their calls and ops are counted in their callers.\n\n";

  emitGroups(G, OS);
  emitStages(G, OS);
  emitTensors(G, Outlined, OS);
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

/// Constructor parameters and tensors of every node in the outline that has
/// them.
static void emitTensors(const CallGraph &G,
                        const std::vector<const Node *> &Outlined,
                        llvm::raw_ostream &OS) {
  bool Header = false;
  for (const Node *N : Outlined) {
    MetadataSummary S = summaryOf(*N);
    if (S.empty())
      continue;
    if (!Header) {
      OS << "\n## Tensors\n\n| Node | Parameters | Input | Output | "
            "Activations |\n|---|---|---|---|---:|\n";
      Header = true;
    }
    std::string Params = paramsText(S);
    auto Tensors = [](const llvm::Optional<CallTensors> &T, bool Vary) {
      if (!T)
        return std::string();
      return describeTensors(*T) + (Vary ? " (varies)" : "");
    };
    OS << "| `" << cell(nodeTitle(*N)) << "` | " << cell(Params) << " | "
       << cell(Tensors(S.Input, S.InputsVary)) << " | "
       << cell(Tensors(S.Output, S.OutputsVary)) << " | "
       << (S.Calls ? describeBytes(S.ActivationBytes) +
                         (S.ActivationExact ? "" : " (some dtypes unknown)")
                   : std::string(""))
       << " |\n";
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
       << (N->parent()->isRoot() ? std::string("")
                                 : "`" + cell(N->parent()->address()) + "`")
       << " | " << withThousands(N->calls()) << " | "
       << withThousands(N->inclusiveOps()) << " | " << cell(Remarks) << " |\n";
  });
}
