//===- IRParser.cpp - Reading the textual call-graph IR -------------------===//
//
// A hand-written recursive-descent parser for docs/IR.md: the structure
// (forms, node lines, blocks) over IRParserBase's tokens and values.
// Attribute values are typed by attribute name, so `[0-11]`, `["a", "b"]`
// and JSON metadata can share square brackets; node attributes come from
// the table in NodeAttributes.cpp. Trace-form facts go through TraceBuilder,
// like the JSON reader's.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/IRParser.h"

#include "IRParserBase.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/NodeAttributes.h"
#include "dsocr/IR/TraceBuilder.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/ByteOrderMark.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

bool dsocr::looksLikeIR(StringRef Text) {
  Text = Text.drop_front(utf8ByteOrderMarkLength(Text));
  while (true) {
    Text = Text.ltrim(" \t\r\n");
    if (Text.startswith("//")) {
      size_t NL = Text.find('\n');
      Text = NL == StringRef::npos ? StringRef() : Text.substr(NL + 1);
      continue;
    }
    break;
  }
  return !Text.empty() && llvm::isAlpha(Text.front());
}

namespace {

class IRParser : public IRParserBase {
public:
  IRParser(const llvm::MemoryBuffer &Buf, CallGraph &G, Diagnostics &Diags)
      : IRParserBase(Buf, G, Diags), Builder(G, Diags) {}

  bool parseFile();

private:
  bool parseTraceForm();
  bool parseTraceModule();
  bool parseTraceEdge();
  bool parseTraceChildren();
  bool parseNode(Node *Parent, unsigned Depth);
  bool parseNodeAttrs(Node &N);
  bool parseBody(Node &N, unsigned Depth);
  bool parseFamily(Node &Parent);
  bool parseVariant(Node &Parent);

  TraceBuilder Builder;
};

} // namespace

// --- Trace form -------------------------------------------------------------

bool IRParser::parseTraceModule() {
  skipSpace();
  const char *Loc = Cur;
  std::string Address;
  if (!parseAddress(Address, /*AllowPatterns=*/false))
    return false;
  // A module named without a class is still a module of the trace form.
  Node *N = Builder.module(Address, Loc);
  if (!N)
    return false;
  // The class is optional and on the same line: `module "a"` alone names a
  // module whose class another line (or nothing) gives.
  if (!atLineEnd() && peek() == IRToken::Colon) {
    ++Cur;
    skipSpace();
    const char *ClassLoc = Cur;
    std::string Class;
    if (!parseString(Class) || !Builder.setClass(*N, Loc, Class, ClassLoc))
      return false;
  }
  llvm::StringSet<> Seen;
  return parseAttributes(Seen, [&](StringRef Name, const char *AttrLoc) {
    const char *ValueLoc = Cur;
    if (Name == "calls" || Name == "ops") {
      uint64_t V;
      if (!parseUInt(Name, V))
        return false;
      return Name == "calls" ? Builder.setCalls(*N, ValueLoc, V)
                             : Builder.setOps(*N, ValueLoc, V);
    }
    if (Name == "params" || Name == "inputs" || Name == "outputs") {
      std::string JSON;
      if (!parseJSON(JSON, Name == "params" ? JSONShape::Object
                                            : JSONShape::TensorMetadata))
        return false;
      MetadataField F = Name == "params"   ? MetadataField::Params
                        : Name == "inputs" ? MetadataField::Inputs
                                           : MetadataField::Outputs;
      return Builder.setMetadata(*N, ValueLoc, F, std::move(JSON));
    }
    return error(AttrLoc, "unknown attribute '" + Name + "' on a module");
  });
}

bool IRParser::parseTraceEdge() {
  skipSpace();
  const char *KeyLoc = Cur;
  std::string Key;
  if (!parseAddress(Key, /*AllowPatterns=*/false))
    return false;
  StringRef Name;
  const char *AttrLoc = nullptr;
  if (!parseAttrName(Name, AttrLoc))
    return false;
  if (Name != "ops")
    return error(AttrLoc ? AttrLoc : Cur, "expected 'ops=' after an edge");
  uint64_t Ops;
  if (!parseUInt("ops", Ops))
    return false;
  StringRef CallerName, CalleeName;
  std::string Why;
  if (!splitEdgeKey(Key, CallerName, CalleeName, Why))
    return error(KeyLoc, Why);
  // Modules named by an edge are located at the key (at their own text
  // when the key has no escapes).
  bool Verbatim = StringRef(KeyLoc + 1, Key.size()) == Key;
  const char *CallerLoc = Verbatim ? KeyLoc + 1 : KeyLoc;
  const char *CalleeLoc =
      Verbatim ? KeyLoc + 1 + CallerName.size() + 2 : KeyLoc;
  Node *Caller = Builder.module(CallerName, CallerLoc);
  Node *Callee = Builder.module(CalleeName, CalleeLoc);
  return Caller && Callee && Builder.addEdge(*Caller, *Callee, KeyLoc, Ops);
}

bool IRParser::parseTraceChildren() {
  skipSpace();
  const char *Loc = Cur;
  std::string Parent;
  if (!parseAddress(Parent, /*AllowPatterns=*/false) ||
      !expect('=', "'=' after the parent"))
    return false;
  Node *P = Builder.module(Parent, Loc);
  if (!P || !Builder.beginStaticChildren(*P, Loc))
    return false;
  return parseCommaSeparatedList("the list of children", [&]() {
    skipSpace();
    const char *ChildLoc = Cur;
    std::string Child;
    if (!parseAddress(Child, /*AllowPatterns=*/false))
      return false;
    Node *C = Builder.module(Child, ChildLoc);
    return C && Builder.addStaticChild(*C, ChildLoc);
  });
}

bool IRParser::parseTraceForm() {
  lexWord(); // `trace`
  llvm::StringSet<> Seen;
  if (!parseAttributes(Seen, [&](StringRef Name, const char *AttrLoc) {
        if (Name == "runtime_events")
          return parseRuntimeEvents();
        if (Name != "ignored_keys")
          return error(AttrLoc, "unknown attribute '" + Name + "' on 'trace'");
        return parseStringList(G.ignoredKeys());
      }))
    return false;
  if (!expect('{', "'{' after 'trace'"))
    return false;
  while (true) {
    IRToken T = peek();
    if (T == IRToken::RBrace) {
      ++Cur;
      break;
    }
    if (T == IRToken::Eof)
      return error(Cur, "expected '}' to close 'trace' but the file ends");
    const char *Loc = Cur;
    if (T != IRToken::Ident)
      return error(Loc, "expected 'module', 'edge' or 'children'");
    StringRef KW = lexWord();
    bool OK;
    if (KW == "module")
      OK = parseTraceModule();
    else if (KW == "edge")
      OK = parseTraceEdge();
    else if (KW == "children")
      OK = parseTraceChildren();
    else
      return error(Loc,
                   "expected 'module', 'edge' or 'children', got '" + KW + "'");
    if (!OK)
      return false;
  }
  return Builder.finish();
}

// --- Tree form --------------------------------------------------------------

bool IRParser::parseNodeAttrs(Node &N) {
  llvm::StringSet<> Seen;
  if (!parseAttributes(Seen, [&](StringRef Name, const char *Loc) {
        if (const NodeAttribute *A = findNodeAttribute(Name, N))
          return A->Parse(*this, N);
        return error(Loc, "unknown attribute '" + Name + "' on " +
                              (N.isRoot()    ? "the root"
                               : N.isGroup() ? "a group"
                               : N.isStage() ? "a stage"
                                             : "a module"));
      }))
    return false;
  // An attribute every node needs is reported alone; those of one kind of
  // node together ("a group needs 'count' and 'members'").
  uint8_t Kind = nodeKindBit(N);
  std::vector<const char *> KindNeeds;
  bool MissingKindAttr = false;
  for (const NodeAttribute &A : nodeAttributes()) {
    if (!(A.Required & Kind))
      continue;
    bool Missing = !Seen.count(A.Name);
    if (A.Required == OnAll) {
      if (Missing)
        return error(N.loc(), Twine("missing attribute '") + A.Name + "'");
      continue;
    }
    KindNeeds.push_back(A.Name);
    MissingKindAttr |= Missing;
  }
  if (!MissingKindAttr)
    return true;
  std::string List;
  for (size_t I = 0; I < KindNeeds.size(); ++I)
    List += std::string(I == 0                      ? "'"
                        : I + 1 == KindNeeds.size() ? " and '"
                                                    : ", '") +
            KindNeeds[I] + "'";
  return error(N.loc(),
               Twine(N.isRoot()    ? "the root"
                     : N.isStage() ? "a stage"
                                   : "a group") +
                   " needs " + List);
}

bool IRParser::parseFamily(Node &Parent) {
  Family F;
  F.Loc = Cur;
  if (!parseAddress(F.Base, /*AllowPatterns=*/true) ||
      !expect(':', "':' before the family's class") ||
      !parseString(F.ClassName))
    return false;
  llvm::StringSet<> Seen;
  if (!parseAttributes(Seen, [&](StringRef Name, const char *Loc) {
        if (Name == "kind") {
          const char *KLoc = Cur;
          StringRef W = peek() == IRToken::Ident ? lexWord() : StringRef();
          F.Kind = W == "for"      ? FoldKind::For
                   : W == "parfor" ? FoldKind::ParFor
                                   : FoldKind::None;
          return F.Kind != FoldKind::None ||
                 error(KLoc, "family kind must be 'for' or 'parfor'");
        }
        if (Name == "members")
          return parseIndexSet(F.Members);
        if (Name == "stem")
          return parseString(F.Stem);
        if (Name == "index")
          return parseIndexStyleValue(F.Style);
        if (Name == "names")
          return parseStringList(F.Names);
        if (Name == "inactive")
          return parseIndexSet(F.Inactive);
        if (Name == "shapes")
          return parseIndexSetList(F.Shapes);
        if (Name == "reason")
          return parseString(F.Reason);
        if (Name == "note")
          return parseString(F.Note);
        return error(Loc, "unknown attribute '" + Name + "' on a family");
      }))
    return false;
  if (!Seen.count("kind") || !Seen.count("members"))
    return error(F.Loc, "a family needs 'kind' and 'members'");
  Parent.getOrCreateExtra().Families.push_back(std::move(F));
  return true;
}

bool IRParser::parseVariant(Node &Parent) {
  Variant V;
  V.Loc = Cur;
  if (!parseIndexSet(V.Members))
    return false;
  llvm::StringSet<> Seen;
  if (!parseAttributes(Seen, [&](StringRef Name, const char *Loc) {
        if (Name == "ops") {
          if (!parseUInt(Name, V.OpsMin))
            return false;
          V.OpsMax = V.OpsMin;
          return true;
        }
        if (Name == "ops_min")
          return parseUInt(Name, V.OpsMin);
        if (Name == "ops_max")
          return parseUInt(Name, V.OpsMax);
        if (Name == "differs")
          return parseStringList(V.Differs);
        if (Name == "notes")
          return parseStringList(V.Notes);
        return error(Loc, "unknown attribute '" + Name + "' on a variant");
      }))
    return false;
  bool Exact = Seen.count("ops");
  bool Range = Seen.count("ops_min") && Seen.count("ops_max");
  if (Exact == Range ||
      (Exact && (Seen.count("ops_min") || Seen.count("ops_max"))))
    return error(V.Loc, "a variant needs either 'ops' or both 'ops_min' and "
                        "'ops_max'");
  if (V.OpsMin > V.OpsMax)
    return error(V.Loc, "'ops_min' is larger than 'ops_max'");
  if (Range && V.OpsMin == V.OpsMax)
    return error(V.Loc, "equal 'ops_min' and 'ops_max': write 'ops='");
  if (!Parent.isGroup())
    return error(V.Loc, "only a group ('for' or 'parfor') has variants");
  Parent.getOrCreateExtra().Variants.push_back(std::move(V));
  return true;
}

bool IRParser::parseBody(Node &N, unsigned Depth) {
  if (peek() != IRToken::LBrace)
    return true;
  const char *Open = Cur;
  ++Cur;
  if (Depth >= MaxIRNesting)
    return error(Open, "blocks nested deeper than " + Twine(MaxIRNesting) +
                           " levels");
  while (true) {
    IRToken T = peek();
    if (T == IRToken::RBrace) {
      ++Cur;
      return true;
    }
    if (T == IRToken::Eof)
      return error(Cur, "expected '}' but the file ends");
    const char *Loc = Cur;
    if (T != IRToken::Ident)
      return error(Loc, "expected 'module', 'for', 'parfor', 'stage', "
                        "'family' or 'variant'");
    if (atKeyword("family")) {
      lexWord();
      skipSpace();
      if (!parseFamily(N))
        return false;
      continue;
    }
    if (atKeyword("variant")) {
      lexWord();
      skipSpace();
      if (!parseVariant(N))
        return false;
      continue;
    }
    if (!parseNode(&N, Depth + 1))
      return false;
  }
}

bool IRParser::parseNode(Node *Parent, unsigned Depth) {
  const char *Loc = Cur;
  StringRef KW = lexWord();
  NodeKind Kind;
  FoldKind Fold = FoldKind::None;
  if (KW == "module")
    Kind = NodeKind::Module;
  else if (KW == "stage")
    Kind = NodeKind::Stage;
  else if (KW == "for" || KW == "parfor") {
    Kind = NodeKind::Group;
    Fold = KW == "for" ? FoldKind::For : FoldKind::ParFor;
  } else
    return error(Loc, "expected 'module', 'for', 'parfor', 'stage', 'family' "
                      "or 'variant', got '" +
                          KW + "'");
  std::string Address, Class;
  // A stage is named, not addressed, and has no class.
  if (Kind == NodeKind::Stage) {
    skipSpace();
    if (!parseString(Address))
      return false;
    if (Address.empty())
      return error(Loc, "empty stage name");
    if (!Parent->isRoot())
      return error(Loc, "a stage can only be a child of the root");
  } else if (!parseAddress(Address, /*AllowPatterns=*/true) ||
             !expect(':', "':' before the class") || !parseString(Class)) {
    return false;
  }
  if (Address.empty())
    return error(Loc, "empty module address");
  Node *N = G.createNode(Kind, G.save(Address), G.intern(Class));
  N->setFold(Fold);
  N->setLoc(Loc);
  N->setHasClass(Kind != NodeKind::Stage);
  N->setHasCallCount(true);
  N->setHasOpCount(true);
  Parent->addChild(N);
  if (!parseNodeAttrs(*N))
    return false;
  return parseBody(*N, Depth);
}

bool IRParser::parseFile() {
  IRToken T = peek();
  if (T == IRToken::Eof)
    return error(Cur, "empty IR file: expected 'trace' or 'root'");
  if (atKeyword("trace")) {
    if (!parseTraceForm())
      return false;
  } else if (atKeyword("root")) {
    const char *Loc = Cur;
    lexWord();
    Node *Root = G.createNode(NodeKind::Root, "", "");
    Root->setLoc(Loc);
    G.setRoot(Root);
    if (!parseNodeAttrs(*Root) || !parseBody(*Root, 0))
      return false;
  } else {
    return error(Cur, "expected 'trace' or 'root' at the start of the IR");
  }
  if (peek() != IRToken::Eof)
    return error(Cur, "unexpected text after the end of the IR");
  return true;
}

bool dsocr::parseIR(const llvm::MemoryBuffer &Buffer, CallGraph &G,
                    Diagnostics &Diags) {
  if (StringRef Why = unsupportedByteOrderMark(Buffer.getBuffer());
      !Why.empty()) {
    Diags.error(Buffer.getBufferStart(), Why);
    return false;
  }
  IRParser P(Buffer, G, Diags);
  return P.parseFile();
}
