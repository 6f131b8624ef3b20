//===- IRParser.cpp - Reading the textual call-graph IR -------------------===//
//
// A hand-written recursive-descent parser for docs/IR.md. Attribute values
// are typed by attribute name, so `[0-11]`, `["a", "b"]` and JSON metadata
// can share square brackets. Trace-form facts go through TraceBuilder, like
// the JSON reader's.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/IRParser.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/TraceBuilder.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/ByteOrderMark.h"
#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

#include <boost/json/value.hpp>

#include <cctype>

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

enum class Tok {
  Eof,
  Ident,  // letters, digits, `_`, starting with a letter or `_`
  Word,   // starts with a digit: `12`, `3/2`
  String, // "..."
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Equal,
  Colon,
  Comma,
  Error
};

class IRParser {
public:
  IRParser(const llvm::MemoryBuffer &Buf, CallGraph &G, Diagnostics &Diags)
      : Cur(Buf.getBufferStart() + utf8ByteOrderMarkLength(Buf.getBuffer())),
        End(Buf.getBufferEnd()), G(G), Diags(Diags),
        Builder(G, Diags) {}

  bool parseFile();

private:
  // --- Lexing ---
  void skipSpace();
  Tok peek();
  bool lexString(std::string &Out);
  StringRef lexWord();
  bool expect(char C, const char *What);
  bool error(const char *Loc, const Twine &Msg) {
    Diags.error(Loc, Msg);
    return false;
  }
  bool atKeyword(StringRef KW);

  // --- Values ---
  bool parseUInt(StringRef Attr, uint64_t &V);
  bool parseString(std::string &S);
  /// A string holding an address whose escapes are well formed and, without
  /// AllowPatterns, that names one module.
  bool parseAddress(std::string &S, bool AllowPatterns);
  bool parseStringList(std::vector<std::string> &List);
  bool parseIndexSet(IndexSet &S);
  bool parseIndexSetList(std::vector<IndexSet> &List);
  /// A JSON value, stored in canonical form in Out (and, if Value is
  /// given, also parsed there).
  bool parseJSON(std::string &Out, bool WantObject,
                 bool TensorMetadata = false,
                 boost::json::value *Value = nullptr);
  bool parseBool(bool &B);

  // --- Structure ---
  bool parseTraceForm();
  bool parseTraceModule();
  bool parseTraceEdge();
  bool parseTraceChildren();
  bool parseNode(Node *Parent, unsigned Depth);
  bool parseNodeAttrs(Node &N);
  bool parseBody(Node &N, unsigned Depth);
  bool parseFamily(Node &Parent);
  bool parseVariant(Node &Parent);
  /// Reads `name=` and returns the name with its location, or an empty name
  /// if the next token is not an identifier followed by `=`.
  bool parseAttrName(StringRef &Name, const char *&Loc);
  bool atLineEnd();

  const char *Cur;
  const char *End;
  CallGraph &G;
  Diagnostics &Diags;
  TraceBuilder Builder;
};

} // namespace

void IRParser::skipSpace() {
  while (Cur < End) {
    char C = *Cur;
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      ++Cur;
      continue;
    }
    if (C == '/' && Cur + 1 < End && Cur[1] == '/') {
      while (Cur < End && *Cur != '\n')
        ++Cur;
      continue;
    }
    break;
  }
}

Tok IRParser::peek() {
  skipSpace();
  if (Cur == End)
    return Tok::Eof;
  char C = *Cur;
  switch (C) {
  case '{':
    return Tok::LBrace;
  case '}':
    return Tok::RBrace;
  case '[':
    return Tok::LBracket;
  case ']':
    return Tok::RBracket;
  case '=':
    return Tok::Equal;
  case ':':
    return Tok::Colon;
  case ',':
    return Tok::Comma;
  case '"':
    return Tok::String;
  default:
    break;
  }
  if (llvm::isAlpha(C) || C == '_')
    return Tok::Ident;
  if (llvm::isDigit(C))
    return Tok::Word;
  return Tok::Error;
}

bool IRParser::atKeyword(StringRef KW) {
  if (peek() != Tok::Ident)
    return false;
  StringRef Rest(Cur, End - Cur);
  if (!Rest.startswith(KW))
    return false;
  if (Rest.size() > KW.size() &&
      (llvm::isAlnum(Rest[KW.size()]) || Rest[KW.size()] == '_'))
    return false;
  return true;
}

StringRef IRParser::lexWord() {
  const char *Start = Cur;
  while (Cur < End && (llvm::isAlnum(*Cur) || *Cur == '_' || *Cur == '/'))
    ++Cur;
  return StringRef(Start, Cur - Start);
}

bool IRParser::expect(char C, const char *What) {
  skipSpace();
  if (Cur < End && *Cur == C) {
    ++Cur;
    return true;
  }
  if (Cur == End)
    return error(Cur, Twine("expected ") + What + " but the file ends");
  return error(Cur, Twine("expected ") + What);
}

bool IRParser::lexString(std::string &Out) {
  const char *Start = Cur;
  ++Cur; // opening quote
  Out.clear();
  while (true) {
    if (Cur == End || *Cur == '\n')
      return error(Start, "unterminated string");
    char C = *Cur++;
    if (C == '"') {
      const llvm::UTF8 *P = reinterpret_cast<const llvm::UTF8 *>(Out.data());
      if (!llvm::isLegalUTF8String(&P, P + Out.size()))
        return error(Start, "invalid UTF-8 in string");
      return true;
    }
    if (C != '\\') {
      Out += C;
      continue;
    }
    if (Cur == End)
      return error(Start, "unterminated string");
    char E = *Cur++;
    switch (E) {
    case '"':
    case '\\':
      Out += E;
      break;
    case 'n':
      Out += '\n';
      break;
    case 't':
      Out += '\t';
      break;
    case 'x': {
      if (End - Cur < 2 || !llvm::isHexDigit(Cur[0]) ||
          !llvm::isHexDigit(Cur[1]))
        return error(Cur - 2, "expected two hex digits after '\\x'");
      Out += char(llvm::hexFromNibbles(Cur[0], Cur[1]));
      Cur += 2;
      break;
    }
    default:
      return error(Cur - 2, Twine("unknown escape '\\") + StringRef(&E, 1) +
                                "' in string");
    }
  }
}

bool IRParser::parseString(std::string &S) {
  if (peek() != Tok::String)
    return error(Cur, "expected a string in double quotes");
  return lexString(S);
}

bool IRParser::parseAddress(std::string &S, bool AllowPatterns) {
  skipSpace();
  const char *Loc = Cur;
  if (!parseString(S))
    return false;
  std::string Why;
  if (!checkAddressSyntax(S, AllowPatterns, Why))
    return error(Loc, "address \"" + S + "\": " + Why);
  return true;
}

bool IRParser::parseUInt(StringRef Attr, uint64_t &V) {
  if (peek() != Tok::Word)
    return error(Cur, "expected a non-negative integer for '" + Attr + "'");
  const char *Loc = Cur;
  StringRef W = lexWord();
  if (!std::all_of(W.begin(), W.end(), llvm::isDigit))
    return error(Loc, "expected a non-negative integer for '" + Attr +
                          "', got '" + W + "'");
  if (W.getAsInteger(10, V))
    return error(Loc, "integer '" + W + "' does not fit in 64 bits");
  return true;
}

bool IRParser::parseBool(bool &B) {
  const char *Loc = Cur;
  if (peek() != Tok::Ident)
    return error(Loc, "expected 'true' or 'false'");
  StringRef W = lexWord();
  if (W == "true")
    B = true;
  else if (W == "false")
    B = false;
  else
    return error(Loc, "expected 'true' or 'false', got '" + W + "'");
  return true;
}

bool IRParser::parseStringList(std::vector<std::string> &List) {
  if (!expect('[', "'[' to start a list of strings"))
    return false;
  List.clear();
  if (peek() == Tok::RBracket) {
    ++Cur;
    return true;
  }
  while (true) {
    std::string S;
    if (!parseString(S))
      return false;
    List.push_back(std::move(S));
    Tok T = peek();
    if (T == Tok::Comma) {
      ++Cur;
      continue;
    }
    if (T == Tok::RBracket) {
      ++Cur;
      return true;
    }
    return error(Cur, "expected ',' or ']' in a list of strings");
  }
}

bool IRParser::parseIndexSet(IndexSet &S) {
  if (!expect('[', "'[' to start an index set"))
    return false;
  const char *Start = Cur;
  while (Cur < End && *Cur != ']' && *Cur != '\n')
    ++Cur;
  if (Cur == End || *Cur != ']')
    return error(Start - 1, "unterminated index set");
  auto Parsed = IndexSet::parse(StringRef(Start, Cur - Start));
  if (!Parsed)
    return error(Start, "malformed index set '" +
                            StringRef(Start, Cur - Start) +
                            "' (expected ascending ranges such as 0-3,5)");
  ++Cur;
  S = *Parsed;
  return true;
}

bool IRParser::parseIndexSetList(std::vector<IndexSet> &List) {
  if (!expect('[', "'[' to start a list of index sets"))
    return false;
  List.clear();
  if (peek() == Tok::RBracket) {
    ++Cur;
    return true;
  }
  while (true) {
    IndexSet S;
    if (!parseIndexSet(S))
      return false;
    List.push_back(std::move(S));
    Tok T = peek();
    if (T == Tok::Comma) {
      ++Cur;
      continue;
    }
    if (T == Tok::RBracket) {
      ++Cur;
      return true;
    }
    return error(Cur, "expected ',' or ']' in a list of index sets");
  }
}

bool IRParser::parseJSON(std::string &Out, bool WantObject,
                         bool TensorMetadata, boost::json::value *Value) {
  skipSpace();
  const char *Start = Cur;
  boost::json::value V;
  size_t Consumed = 0, ErrorOffset = 0;
  std::string Message;
  if (!parseJSONPrefix(StringRef(Cur, End - Cur), V, Consumed, ErrorOffset,
                       Message))
    return error(Start + ErrorOffset, "invalid JSON value: " + Message);
  if (WantObject ? !V.is_object() : !V.is_array())
    return error(Start, WantObject ? "expected a JSON object"
                                   : "expected a JSON array");
  std::string Why;
  if (TensorMetadata && !validateTensorMetadata(V, Why))
    return error(Start, "not valid tensor metadata: " + Why);
  // The JSON parser also consumes the white space after the value; the
  // line end belongs to the IR.
  while (Consumed > 0 &&
         std::isspace(static_cast<unsigned char>(Cur[Consumed - 1])))
    --Consumed;
  Cur += Consumed;
  Out = canonicalJSON(V);
  if (Value)
    *Value = std::move(V);
  return true;
}

bool IRParser::atLineEnd() {
  // Attributes end with the line (or at `{` / `}`); a `//` comment may
  // follow them.
  const char *P = Cur;
  while (P < End && (*P == ' ' || *P == '\t' || *P == '\r'))
    ++P;
  if (P == End || *P == '\n' || *P == '{' || *P == '}')
    return true;
  return P + 1 < End && P[0] == '/' && P[1] == '/';
}

bool IRParser::parseAttrName(StringRef &Name, const char *&Loc) {
  Name = StringRef();
  if (atLineEnd())
    return true;
  skipSpace();
  Loc = Cur;
  if (peek() != Tok::Ident)
    return error(Loc, "expected an attribute 'name=value'");
  StringRef W = lexWord();
  if (peek() != Tok::Equal)
    return error(Loc, "expected '=' after attribute name '" + W + "'");
  ++Cur;
  Name = W;
  return true;
}

// --- Trace form -------------------------------------------------------------

bool IRParser::parseTraceModule() {
  const char *Loc = Cur;
  std::string Address;
  if (!parseAddress(Address, /*AllowPatterns=*/false))
    return false;
  if (peek() == Tok::Colon) {
    ++Cur;
    skipSpace();
    const char *ClassLoc = Cur;
    std::string Class;
    if (!parseString(Class) ||
        !Builder.setClass(Address, Loc, Class, ClassLoc, ClassSource::IR))
      return false;
  } else {
    // A module named without a class is still a module of the trace form.
    G.getOrCreateModule(Address, Loc);
  }
  llvm::StringSet<> Seen;
  while (true) {
    StringRef Name;
    const char *AttrLoc = nullptr;
    if (!parseAttrName(Name, AttrLoc))
      return false;
    if (Name.empty())
      return true;
    if (!Seen.insert(Name).second)
      return error(AttrLoc, "duplicate attribute '" + Name + "'");
    if (Name == "calls" || Name == "ops") {
      skipSpace();
      const char *ValueLoc = Cur;
      uint64_t V;
      if (!parseUInt(Name, V))
        return false;
      bool OK = Name == "calls" ? Builder.setCalls(Address, ValueLoc, V)
                                : Builder.setOps(Address, ValueLoc, V);
      if (!OK)
        return false;
    } else if (Name == "params" || Name == "inputs" || Name == "outputs") {
      skipSpace();
      const char *ValueLoc = Cur;
      std::string JSON;
      if (!parseJSON(JSON, Name == "params", Name != "params"))
        return false;
      MetadataField F = Name == "params"   ? MetadataField::Params
                        : Name == "inputs" ? MetadataField::Inputs
                                           : MetadataField::Outputs;
      if (!Builder.setMetadata(Address, ValueLoc, F, std::move(JSON)))
        return false;
    } else {
      return error(AttrLoc, "unknown attribute '" + Name + "' on a module");
    }
  }
}

bool IRParser::parseTraceEdge() {
  skipSpace();
  const char *KeyLoc = Cur;
  std::string Key;
  if (!parseAddress(Key, /*AllowPatterns=*/false))
    return false;
  bool Verbatim = StringRef(KeyLoc + 1, Key.size()) == Key;
  StringRef Name;
  const char *AttrLoc = nullptr;
  if (!parseAttrName(Name, AttrLoc))
    return false;
  if (Name != "ops")
    return error(AttrLoc ? AttrLoc : Cur, "expected 'ops=' after an edge");
  uint64_t Ops;
  if (!parseUInt("ops", Ops))
    return false;
  return Builder.addEdge(Key, KeyLoc, Verbatim, Ops);
}

bool IRParser::parseTraceChildren() {
  skipSpace();
  const char *Loc = Cur;
  std::string Parent;
  if (!parseAddress(Parent, /*AllowPatterns=*/false) ||
      !expect('=', "'=' after the parent") ||
      !Builder.beginStaticChildren(Parent, Loc))
    return false;
  if (!expect('[', "'[' to start the list of children"))
    return false;
  if (peek() == Tok::RBracket) {
    ++Cur;
    return true;
  }
  while (true) {
    skipSpace();
    const char *ChildLoc = Cur;
    std::string Child;
    if (!parseAddress(Child, /*AllowPatterns=*/false) ||
        !Builder.addStaticChild(Child, ChildLoc))
      return false;
    Tok T = peek();
    if (T == Tok::Comma) {
      ++Cur;
      continue;
    }
    if (T == Tok::RBracket) {
      ++Cur;
      return true;
    }
    return error(Cur, "expected ',' or ']' in the list of children");
  }
}

bool IRParser::parseTraceForm() {
  lexWord(); // `trace`
  while (true) {
    StringRef Name;
    const char *AttrLoc = nullptr;
    if (!parseAttrName(Name, AttrLoc))
      return false;
    if (Name.empty())
      break;
    if (Name != "ignored_keys")
      return error(AttrLoc, "unknown attribute '" + Name + "' on 'trace'");
    if (!parseStringList(G.ignoredKeys()))
      return false;
  }
  if (!expect('{', "'{' after 'trace'"))
    return false;
  while (true) {
    Tok T = peek();
    if (T == Tok::RBrace) {
      ++Cur;
      break;
    }
    if (T == Tok::Eof)
      return error(Cur, "expected '}' to close 'trace' but the file ends");
    const char *Loc = Cur;
    if (T != Tok::Ident)
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
  NodeExtra *X = nullptr;
  auto Extra = [&]() -> NodeExtra & {
    if (!X)
      X = &N.getOrCreateExtra();
    return *X;
  };
  bool HaveCalls = false;
  while (true) {
    StringRef Name;
    const char *Loc = nullptr;
    if (!parseAttrName(Name, Loc))
      return false;
    if (Name.empty())
      break;
    if (!Seen.insert(Name).second)
      return error(Loc, "duplicate attribute '" + Name + "'");
    skipSpace();
    const char *ValueLoc = Cur;
    uint64_t V = 0;
    if (Name == "calls") {
      if (!parseUInt(Name, V))
        return false;
      N.setCalls(V);
      HaveCalls = true;
    } else if (Name == "ops" && !N.isRoot()) {
      if (!parseUInt(Name, V))
        return false;
      N.setOps(V);
    } else if (Name == "instances" && !N.isRoot()) {
      if (!parseUInt(Name, V))
        return false;
      if (V == 0)
        return error(ValueLoc, "'instances' must be at least 1");
      N.setInstances(V);
    } else if (Name == "count" && N.isGroup()) {
      if (!parseUInt(Name, V))
        return false;
      N.setFoldCount(V);
    } else if (Name == "members" && N.isGroup()) {
      if (!parseIndexSet(Extra().Members))
        return false;
    } else if (Name == "per_call" && !N.isRoot()) {
      StringRef W = lexWord();
      auto P = PerCall::parse(W);
      if (!P)
        return error(ValueLoc, "malformed per_call '" + W +
                                   "' (expected N, N/M in lowest terms, or "
                                   "mixed)");
      N.setPerCall(*P);
    } else if (Name == "parfor") {
      if (!parseUInt(Name, V))
        return false;
      if (V < 2)
        return error(ValueLoc, "'parfor' must be at least 2");
      N.setRepeat(V);
    } else if (Name == "stage") {
      std::string S;
      if (!parseString(S))
        return false;
      N.setStage(G.intern(S));
    } else if (Name == "inactive" && !N.isRoot()) {
      if (!parseStringList(Extra().Inactive))
        return false;
    } else if (Name == "shared_by" && !N.isRoot()) {
      if (!parseStringList(Extra().SharedBy))
        return false;
    } else if (Name == "notes") {
      if (!parseStringList(Extra().Notes))
        return false;
    } else if (Name == "hidden_nodes") {
      if (!parseUInt(Name, Extra().HiddenNodes))
        return false;
    } else if (Name == "hidden_calls") {
      if (!parseUInt(Name, Extra().HiddenCalls))
        return false;
    } else if (Name == "hidden_ops") {
      if (!parseUInt(Name, Extra().HiddenOps))
        return false;
    } else if (Name == "params" || Name == "inputs" || Name == "outputs") {
      NodeMetadata &M = Extra().Meta;
      std::string &Slot = Name == "params"   ? M.Params
                          : Name == "inputs" ? M.Inputs
                                             : M.Outputs;
      if (!parseJSON(Slot, Name == "params", Name != "params"))
        return false;
    } else if (Name == "meta") {
      boost::json::value Summary;
      if (!parseJSON(Extra().Meta.Summary, /*WantObject=*/true,
                     /*TensorMetadata=*/false, &Summary))
        return false;
      if (!summaryFromJSON(Summary))
        return error(ValueLoc, "malformed metadata summary");
    } else if (N.isRoot() && Name == "stage_totals") {
      if (!parseJSON(Extra().StageTotals, /*WantObject=*/false))
        return false;
    } else if (N.isRoot() && Name == "total_calls") {
      if (!parseUInt(Name, Extra().TotalCalls))
        return false;
      Extra().HaveTotals = true;
    } else if (N.isRoot() && Name == "total_ops") {
      if (!parseUInt(Name, Extra().TotalOps))
        return false;
      Extra().HaveTotals = true;
    } else if (N.isRoot() && Name == "families") {
      bool B;
      if (!parseBool(B))
        return false;
      Extra().FamiliesDiscovered = B;
    } else if (N.isRoot() && Name == "ignored_keys") {
      if (!parseStringList(G.ignoredKeys()))
        return false;
    } else {
      return error(Loc, "unknown attribute '" + Name + "' on " +
                            (N.isRoot()    ? "the root"
                             : N.isGroup() ? "a group"
                                           : "a module"));
    }
  }
  if (!HaveCalls)
    return error(N.loc(), "missing attribute 'calls'");
  if (N.isRoot()) {
    if (!Seen.count("total_calls") || !Seen.count("total_ops"))
      return error(N.loc(), "the root needs 'total_calls' and 'total_ops'");
  }
  if (N.isGroup()) {
    if (!Seen.count("count") || !Seen.count("members"))
      return error(N.loc(), "a group needs 'count' and 'members'");
  }
  return true;
}

bool IRParser::parseFamily(Node &Parent) {
  Family F;
  F.Loc = Cur;
  if (!parseAddress(F.Base, /*AllowPatterns=*/true) ||
      !expect(':', "':' before the family's class") ||
      !parseString(F.ClassName))
    return false;
  llvm::StringSet<> Seen;
  while (true) {
    StringRef Name;
    const char *Loc = nullptr;
    if (!parseAttrName(Name, Loc))
      return false;
    if (Name.empty())
      break;
    if (!Seen.insert(Name).second)
      return error(Loc, "duplicate attribute '" + Name + "'");
    skipSpace();
    if (Name == "kind") {
      const char *KLoc = Cur;
      StringRef W = peek() == Tok::Ident ? lexWord() : StringRef();
      if (W == "for")
        F.Kind = FoldKind::For;
      else if (W == "parfor")
        F.Kind = FoldKind::ParFor;
      else
        return error(KLoc, "family kind must be 'for' or 'parfor'");
    } else if (Name == "members") {
      if (!parseIndexSet(F.Members))
        return false;
    } else if (Name == "inactive") {
      if (!parseIndexSet(F.Inactive))
        return false;
    } else if (Name == "shapes") {
      if (!parseIndexSetList(F.Shapes))
        return false;
    } else if (Name == "reason") {
      if (!parseString(F.Reason))
        return false;
    } else if (Name == "note") {
      if (!parseString(F.Note))
        return false;
    } else {
      return error(Loc, "unknown attribute '" + Name + "' on a family");
    }
  }
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
  while (true) {
    StringRef Name;
    const char *Loc = nullptr;
    if (!parseAttrName(Name, Loc))
      return false;
    if (Name.empty())
      break;
    if (!Seen.insert(Name).second)
      return error(Loc, "duplicate attribute '" + Name + "'");
    skipSpace();
    if (Name == "ops") {
      if (!parseUInt(Name, V.OpsMin))
        return false;
      V.OpsMax = V.OpsMin;
    } else if (Name == "ops_min") {
      if (!parseUInt(Name, V.OpsMin))
        return false;
    } else if (Name == "ops_max") {
      if (!parseUInt(Name, V.OpsMax))
        return false;
    } else if (Name == "differs") {
      if (!parseStringList(V.Differs))
        return false;
    } else if (Name == "notes") {
      if (!parseStringList(V.Notes))
        return false;
    } else {
      return error(Loc, "unknown attribute '" + Name + "' on a variant");
    }
  }
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
  if (peek() != Tok::LBrace)
    return true;
  const char *Open = Cur;
  ++Cur;
  if (Depth >= MaxIRNesting)
    return error(Open, "blocks nested deeper than " + Twine(MaxIRNesting) +
                           " levels");
  while (true) {
    Tok T = peek();
    if (T == Tok::RBrace) {
      ++Cur;
      return true;
    }
    if (T == Tok::Eof)
      return error(Cur, "expected '}' but the file ends");
    const char *Loc = Cur;
    if (T != Tok::Ident)
      return error(Loc, "expected 'module', 'for', 'parfor', 'family' or "
                        "'variant'");
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
  else if (KW == "for" || KW == "parfor") {
    Kind = NodeKind::Group;
    Fold = KW == "for" ? FoldKind::For : FoldKind::ParFor;
  } else
    return error(Loc, "expected 'module', 'for', 'parfor', 'family' or "
                      "'variant', got '" +
                          KW + "'");
  std::string Address, Class;
  if (!parseAddress(Address, /*AllowPatterns=*/true) ||
      !expect(':', "':' before the class") || !parseString(Class))
    return false;
  if (Address.empty())
    return error(Loc, "empty module address");
  Node *N = G.createNode(Kind, G.save(Address), G.intern(Class));
  N->setFold(Fold);
  N->setLoc(Loc);
  N->setHasClass(true);
  N->setHasCallCount(true);
  N->setHasOpCount(true);
  Parent->addChild(N);
  if (!parseNodeAttrs(*N))
    return false;
  return parseBody(*N, Depth);
}

bool IRParser::parseFile() {
  Tok T = peek();
  if (T == Tok::Eof)
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
  if (peek() != Tok::Eof)
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
