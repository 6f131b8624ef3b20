//===- DiffOutput.cpp - dsocr-diff's reports ------------------------------===//
//
// Markdown and JSON forms of a DiffResult (see DiffOutput.h).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/DiffOutput.h"

#include "dsocr/Diff/Differ.h"
#include "dsocr/Emit/Describe.h"
#include "dsocr/Emit/JSONOutput.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Support/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

using namespace dsocr;

namespace {

/// Most items of one list a Markdown section shows; the JSON has them all.
constexpr size_t MaxListed = 6;

/// Control characters would break the report's lines; backquotes its code
/// spans.
std::string plain(const std::string &S) {
  std::string Out;
  for (char C : S)
    Out += (static_cast<unsigned char>(C) < 0x20 || C == 0x7f) ? '?'
           : C == '`'                                          ? '\''
                                                               : C;
  return Out;
}

std::string code(const std::string &S) {
  return S.empty() ? std::string("none") : "`" + plain(S) + "`";
}

bool isCount(const std::string &Field) {
  return Field == "calls" || Field == "ops" || Field == "instances" ||
         Field == "active";
}

uint64_t number(const std::string &V) {
  uint64_t N = 0;
  llvm::StringRef(V).getAsInteger(10, N);
  return N;
}

std::string fieldValue(const FieldChange &F, const std::string &V) {
  if (isCount(F.Field))
    return withThousands(number(V));
  if (F.Field == "bytes") {
    if (V.empty())
      return "unknown";
    // Exact when the rounded sizes would read the same.
    if (describeBytes(number(F.Left)) == describeBytes(number(F.Right)))
      return withThousands(number(V)) + " B";
    return describeBytes(number(V));
  }
  return code(V);
}

const char *fieldName(const std::string &F) {
  if (F == "per_call")
    return "calls per caller call";
  if (F == "active")
    return "called instances";
  if (F == "bytes")
    return "activations";
  return F.c_str();
}

const char *listName(const std::string &F, bool Left) {
  if (F == "inactive")
    return Left ? "never called only in the left"
                : "never called only in the right";
  if (F == "variants")
    return Left ? "variants only in the left" : "variants only in the right";
  return Left ? "notes only in the left" : "notes only in the right";
}

void listItems(llvm::raw_ostream &OS, const char *What,
               const std::vector<std::string> &Items) {
  if (Items.empty())
    return;
  OS << "* " << What << ": ";
  for (size_t I = 0; I < Items.size() && I < MaxListed; ++I)
    OS << (I ? ", " : "") << code(Items[I]);
  if (Items.size() > MaxListed)
    OS << " and " << Items.size() - MaxListed << " more";
  OS << '\n';
}

std::string calls(uint64_t N) {
  return withThousands(N) + (N == 1 ? " call" : " calls");
}

std::string ops(uint64_t N) { return withThousands(N) + (N == 1 ? " op" : " ops"); }

void shapes(llvm::raw_ostream &OS, const std::vector<SignatureChange> &S) {
  std::vector<const SignatureChange *> Left, Right, Both;
  for (const SignatureChange &C : S)
    (C.RightCalls == 0 ? Left : C.LeftCalls == 0 ? Right : Both).push_back(&C);
  auto Group = [&](const char *What,
                   const std::vector<const SignatureChange *> &Items) {
    if (Items.empty())
      return;
    OS << "* " << What << ":\n";
    for (size_t I = 0; I < Items.size() && I < MaxListed; ++I) {
      const SignatureChange &C = *Items[I];
      OS << "  * " << code(C.Text) << ' ';
      if (C.LeftCalls && C.RightCalls)
        OS << calls(C.LeftCalls) << " -> " << calls(C.RightCalls);
      else
        OS << '(' << calls(C.LeftCalls + C.RightCalls) << ')';
      OS << '\n';
    }
    if (Items.size() > MaxListed)
      OS << "  * and " << Items.size() - MaxListed << " more\n";
  };
  Group("shapes only in the left", Left);
  Group("shapes only in the right", Right);
  Group("shapes called a different number of times", Both);
}

/// `a`, or `a -> b` when the two differ; `-` for a side without it.
std::string change(const std::string &L, const std::string &R) {
  return L == R ? L : L + " -> " + R;
}

/// The stage totals, one row per stage of either side.
void stageTable(const DiffResult &D, llvm::raw_ostream &OS) {
  bool Bytes = llvm::any_of(D.Stages, [](const StagePair &P) {
    return (P.Left && P.Left->HaveBytes) || (P.Right && P.Right->HaveBytes);
  });
  OS << "\n## Stages\n\n| stage | modules | calls | ops |"
     << (Bytes ? " activations |" : "") << "\n|---|---:|---:|---:|"
     << (Bytes ? "---:|" : "") << '\n';
  auto Cell = [](const DiffStage *S, auto Get) {
    return S ? Get(*S) : std::string("-");
  };
  for (const StagePair &P : D.Stages) {
    const DiffStage &Any = P.Left ? *P.Left : *P.Right;
    auto Column = [&](auto Get) {
      return change(Cell(P.Left, Get), Cell(P.Right, Get));
    };
    OS << "| " << (Any.Name.empty() ? "(none)" : plain(Any.Name)) << " | "
       << Column([](const DiffStage &S) { return withThousands(S.Modules); })
       << " | " << Column([](const DiffStage &S) { return withThousands(S.Calls); })
       << " | " << Column([](const DiffStage &S) { return withThousands(S.Ops); })
       << " |";
    if (Bytes)
      OS << ' ' << Column([](const DiffStage &S) {
        return S.HaveBytes ? describeBytes(S.Bytes) : std::string("");
      }) << " |";
    OS << '\n';
  }
}

void events(const DiffResult &D, llvm::raw_ostream &OS) {
  OS << "\n## Runtime events\n\n";
  for (auto [What, List] :
       {std::make_pair("only in the left", &D.EventsOnlyLeft),
        std::make_pair("only in the right", &D.EventsOnlyRight)})
    for (const RuntimeEvent *E : *List)
      OS << "* " << What << ": " << code(describeRuntimeEvent(*E)) << '\n';
}

void header(const DiffResult &D, llvm::raw_ostream &OS) {
  const DiffModel &L = *D.Left, &R = *D.Right;
  OS << "# dsocr-diff\n\nLeft `" << plain(L.Source) << "`, right `"
     << plain(R.Source) << "`";
  auto Grouping = [](const DiffModel &M) {
    std::string P;
    for (const std::string &S : M.Pipeline)
      P += (P.empty() ? "" : ",") + S;
    return "profile `" + plain(M.Profile) + "`, pipeline `" + plain(P) + "`";
  };
  if (Grouping(L) == Grouping(R))
    OS << "; " << Grouping(L) << ".\n\n";
  else
    OS << ".\nLeft grouped with " << Grouping(L) << "; right with "
       << Grouping(R) << ".\n\n";
  OS << "| | left | right |\n|---|---:|---:|\n| module calls | "
     << withThousands(L.TotalCalls) << " | " << withThousands(R.TotalCalls)
     << " |\n| ops | " << withThousands(L.TotalOps) << " | "
     << withThousands(R.TotalOps) << " |\n\n";
  if (D.equal()) {
    OS << "The two agree.\n";
    return;
  }
  auto Count = [](size_t N, const char *One, const char *Many) {
    return std::to_string(N) + " " + (N == 1 ? One : Many);
  };
  OS << Count(D.Changed.size(), "node changed", "nodes changed") << ", "
     << Count(D.OnlyLeft.size(), "only in the left", "only in the left") << ", "
     << Count(D.OnlyRight.size(), "only in the right", "only in the right");
  if (D.stagesDiffer())
    OS << "; the stage totals differ";
  if (D.eventsDiffer())
    OS << "; the runtime events differ";
  OS << ".\n";
  if (D.stagesDiffer())
    stageTable(D, OS);
  if (D.eventsDiffer())
    events(D, OS);
}

/// The nodes of one side with no partner; a node whose caller has none
/// either is counted under it, not listed.
void onlyIn(llvm::raw_ostream &OS, const char *Title, const DiffModel &M,
            const std::vector<const DiffNode *> &Nodes) {
  if (Nodes.empty())
    return;
  std::set<size_t> Unpaired;
  for (const DiffNode *N : Nodes)
    Unpaired.insert(size_t(N - M.Nodes.data()));
  std::map<size_t, size_t> Below; // listed node -> unpaired nodes under it
  auto Top = [&](size_t I) {
    size_t T = I;
    for (size_t P = M.Nodes[I].ParentIndex; P != DiffNode::NoParent;
         P = M.Nodes[P].ParentIndex)
      if (Unpaired.count(P))
        T = P;
    return T;
  };
  for (size_t I : Unpaired)
    if (size_t T = Top(I); T != I)
      ++Below[T];
  OS << "\n## " << Title << "\n\n";
  for (const DiffNode *N : Nodes) {
    size_t I = size_t(N - M.Nodes.data());
    if (Top(I) != I)
      continue;
    OS << "* " << code(N->title());
    std::string Loop = N->loop();
    if (!Loop.empty())
      OS << ' ' << Loop;
    OS << ", " << calls(N->Calls) << ", " << ops(N->Ops);
    if (!N->Parent.empty())
      OS << ", under " << code(N->Parent);
    if (size_t B = Below[I])
      OS << " (and " << B << (B == 1 ? " node" : " nodes") << " below it)";
    OS << '\n';
  }
}

} // namespace

void dsocr::writeDiffMarkdown(const DiffResult &D, llvm::raw_ostream &OS) {
  header(D, OS);
  if (!D.Changed.empty())
    OS << "\n## Changed\n";
  for (const NodeChange &C : D.Changed) {
    OS << "\n### " << code(C.Left->title());
    if (C.Right->title() != C.Left->title())
      OS << " -> " << code(C.Right->title());
    OS << "\n\n";
    for (const FieldChange &F : C.Fields) {
      if (F.Field == "path" || F.Field == "class")
        continue; // in the heading
      OS << "* " << fieldName(F.Field) << ": " << fieldValue(F, F.Left)
         << " -> " << fieldValue(F, F.Right) << '\n';
    }
    for (const ListChange &L : C.Lists) {
      listItems(OS, listName(L.Field, true), L.OnlyLeft);
      listItems(OS, listName(L.Field, false), L.OnlyRight);
    }
    shapes(OS, C.Shapes);
  }
  onlyIn(OS, "Only in the left", *D.Left, D.OnlyLeft);
  onlyIn(OS, "Only in the right", *D.Right, D.OnlyRight);
}

namespace {

void stage(llvm::json::OStream &J, const DiffStage &S) {
  J.object([&] {
    if (S.Name.empty())
      J.attribute("name", nullptr);
    else
      J.attribute("name", S.Name);
    J.attribute("modules", S.Modules);
    J.attribute("calls", S.Calls);
    J.attribute("ops", S.Ops);
    if (S.HaveBytes)
      J.attribute("activation_bytes", S.Bytes);
  });
}

void side(llvm::json::OStream &J, const DiffModel &M) {
  J.object([&] {
    J.attribute("source", M.Source);
    J.attribute("profile", M.Profile);
    J.attributeArray("pipeline", [&] {
      for (const std::string &P : M.Pipeline)
        J.value(P);
    });
    J.attribute("calls", M.TotalCalls);
    J.attribute("ops", M.TotalOps);
    J.attributeArray("stages", [&] {
      for (const DiffStage &S : M.Stages)
        stage(J, S);
    });
    J.attributeArray("runtime_events", [&] {
      for (const RuntimeEvent &E : M.Events)
        writeCanonicalText(J, E.JSON);
    });
  });
}

void nodeRef(llvm::json::OStream &J, const DiffNode &N) {
  J.attribute("path", N.Path);
  J.attribute("title", N.title());
  J.attribute("kind", N.Kind);
  J.attribute("loop", N.loop());
  J.attribute("calls", N.Calls);
  J.attribute("ops", N.Ops);
}

void strings(llvm::json::OStream &J, llvm::StringRef Key,
             const std::vector<std::string> &L) {
  J.attributeArray(Key, [&] {
    for (const std::string &S : L)
      J.value(S);
  });
}

} // namespace

void dsocr::writeDiffJSON(const DiffResult &D, llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("schema", "dsocr-diff");
    J.attribute("schema_version", uint64_t(DiffJSONSchemaVersion));
    J.attribute("tool_version", DSOCR_VERSION_STRING);
    J.attribute("equal", D.equal());
    J.attributeBegin("left");
    side(J, *D.Left);
    J.attributeEnd();
    J.attributeBegin("right");
    side(J, *D.Right);
    J.attributeEnd();
    J.attributeArray("changed", [&] {
      for (const NodeChange &C : D.Changed)
        J.object([&] {
          J.attribute("path", C.Left->Path);
          J.attribute("title", C.Left->title());
          J.attribute("right_path", C.Right->Path);
          J.attribute("right_title", C.Right->title());
          J.attributeArray("fields", [&] {
            for (const FieldChange &F : C.Fields)
              J.object([&] {
                J.attribute("field", F.Field);
                J.attribute("left", F.Left);
                J.attribute("right", F.Right);
              });
          });
          J.attributeArray("lists", [&] {
            for (const ListChange &L : C.Lists)
              J.object([&] {
                J.attribute("field", L.Field);
                strings(J, "only_left", L.OnlyLeft);
                strings(J, "only_right", L.OnlyRight);
              });
          });
          J.attributeArray("shapes", [&] {
            for (const SignatureChange &S : C.Shapes)
              J.object([&] {
                J.attribute("signature", S.Text);
                J.attribute("left_calls", S.LeftCalls);
                J.attribute("right_calls", S.RightCalls);
              });
          });
        });
    });
    // (Each list by a pointer of its own: a lambda cannot capture a
    // structured binding in C++17.)
    for (const auto &Side : {std::make_pair("only_left", &D.OnlyLeft),
                             std::make_pair("only_right", &D.OnlyRight)}) {
      const std::vector<const DiffNode *> *List = Side.second;
      J.attributeArray(Side.first, [&] {
        for (const DiffNode *N : *List)
          J.object([&] { nodeRef(J, *N); });
      });
    }
    J.attributeArray("changed_stages", [&] {
      for (const StagePair &P : D.Stages)
        if (P.changed())
          J.object([&] {
            const DiffStage &Any = P.Left ? *P.Left : *P.Right;
            if (Any.Name.empty())
              J.attribute("name", nullptr);
            else
              J.attribute("name", Any.Name);
            for (auto [Key, S] : {std::make_pair("left", P.Left),
                                  std::make_pair("right", P.Right)}) {
              J.attributeBegin(Key);
              if (S)
                stage(J, *S);
              else
                J.value(nullptr);
              J.attributeEnd();
            }
          });
    });
    J.attributeObject("runtime_events", [&] {
      for (const auto &Side :
           {std::make_pair("only_left", &D.EventsOnlyLeft),
            std::make_pair("only_right", &D.EventsOnlyRight)}) {
        const std::vector<const RuntimeEvent *> *List = Side.second;
        J.attributeArray(Side.first, [&] {
          for (const RuntimeEvent *E : *List)
            writeCanonicalText(J, E->JSON);
        });
      }
    });
  });
  OS << '\n';
}
