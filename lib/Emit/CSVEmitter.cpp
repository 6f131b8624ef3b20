//===- CSVEmitter.cpp - The grouped tree as a CSV table -------------------===//
//
// One row per node of the grouped tree, in tree order, for pandas and
// spreadsheets (docs/JSONSchema.md, "CSV"): its path, class, kind, loop,
// counts, stage, activation bytes and constructor parameters. Fields are
// quoted as RFC 4180 says (a field with a comma, a double quote, CR or LF is
// quoted, its quotes doubled; records end in CRLF).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace dsocr;

/// Writes one field, quoted if it must be.
static void field(llvm::raw_ostream &OS, llvm::StringRef S) {
  if (S.find_first_of(",\"\r\n") == llvm::StringRef::npos) {
    OS << S;
    return;
  }
  OS << '"';
  for (char C : S) {
    if (C == '"')
      OS << '"';
    OS << C;
  }
  OS << '"';
}

static void record(llvm::raw_ostream &OS,
                   const std::vector<std::string> &Fields) {
  for (size_t I = 0; I < Fields.size(); ++I) {
    if (I)
      OS << ',';
    field(OS, Fields[I]);
  }
  OS << "\r\n";
}

static const char *kindName(const Node &N) {
  switch (N.kind()) {
  case NodeKind::Root:
    return "root";
  case NodeKind::Module:
    return "module";
  case NodeKind::Group:
    return N.fold() == FoldKind::For ? "for" : "parfor";
  case NodeKind::Stage:
    return "stage";
  }
  return "module";
}

void dsocr::emitCSV(const CallGraph &G, const EmitContext &,
                    llvm::raw_ostream &OS) {
  record(OS, {"path", "depth", "class", "kind", "count", "parfor", "calls",
              "per_call", "ops", "inclusive_ops", "instances", "stage",
              "bytes", "params", "notes"});
  std::vector<std::pair<const Node *, unsigned>> Stack{{G.root(), 0}};
  while (!Stack.empty()) {
    auto [N, Depth] = Stack.back();
    Stack.pop_back();
    const NodeExtra *X = N->extra();
    MetadataSummary S = summaryOf(*N);
    std::string Notes;
    if (X)
      for (const std::string &Note : X->Notes)
        Notes += (Notes.empty() ? "" : "; ") + Note;
    record(OS, {N->address().str(), std::to_string(Depth),
                N->className().str(), kindName(*N),
                N->isGroup() ? std::to_string(N->foldCount()) : "",
                N->repeat() ? std::to_string(N->repeat()) : "",
                std::to_string(N->calls()), N->perCall().str(),
                std::to_string(N->ops()), std::to_string(N->inclusiveOps()),
                std::to_string(N->instances()), N->stage().str(),
                S.Calls ? std::to_string(S.ActivationBytes) : "",
                describeParams(S), Notes});
    const auto &Kids = N->children();
    for (auto It = Kids.rbegin(); It != Kids.rend(); ++It)
      Stack.push_back({*It, Depth + 1});
  }
}
