//===- IRParserBase.cpp - Tokens and values of the textual IR -------------===//
//
// Lexing and value parsing for IRParser and the node-attribute table.
//
//===----------------------------------------------------------------------===//

#include "IRParserBase.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/ByteOrderMark.h"
#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

IRParserBase::IRParserBase(const llvm::MemoryBuffer &Buf, CallGraph &G,
                           Diagnostics &Diags)
    : Cur(Buf.getBufferStart() + utf8ByteOrderMarkLength(Buf.getBuffer())),
      End(Buf.getBufferEnd()), G(G), Diags(Diags) {}

bool IRParserBase::error(const char *Loc, const Twine &Msg) {
  Diags.error(Loc, Msg);
  return false;
}

void IRParserBase::skipSpace() {
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

IRToken IRParserBase::peek() {
  skipSpace();
  if (Cur == End)
    return IRToken::Eof;
  char C = *Cur;
  switch (C) {
  case '{':
    return IRToken::LBrace;
  case '}':
    return IRToken::RBrace;
  case '[':
    return IRToken::LBracket;
  case ']':
    return IRToken::RBracket;
  case '=':
    return IRToken::Equal;
  case ':':
    return IRToken::Colon;
  case ',':
    return IRToken::Comma;
  case '"':
    return IRToken::String;
  default:
    break;
  }
  if (llvm::isAlpha(C) || C == '_')
    return IRToken::Ident;
  if (llvm::isDigit(C))
    return IRToken::Word;
  return IRToken::Error;
}

bool IRParserBase::atLineEnd() const {
  // Attributes end with the line (or at `{` / `}`); a `//` comment may
  // follow them.
  const char *P = Cur;
  while (P < End && (*P == ' ' || *P == '\t' || *P == '\r'))
    ++P;
  if (P == End || *P == '\n' || *P == '{' || *P == '}')
    return true;
  return P + 1 < End && P[0] == '/' && P[1] == '/';
}

bool IRParserBase::atKeyword(StringRef KW) {
  if (peek() != IRToken::Ident)
    return false;
  StringRef Rest(Cur, End - Cur);
  if (!Rest.startswith(KW))
    return false;
  if (Rest.size() > KW.size() &&
      (llvm::isAlnum(Rest[KW.size()]) || Rest[KW.size()] == '_'))
    return false;
  return true;
}

StringRef IRParserBase::lexWord() {
  const char *Start = Cur;
  while (Cur < End && (llvm::isAlnum(*Cur) || *Cur == '_' || *Cur == '/'))
    ++Cur;
  return StringRef(Start, Cur - Start);
}

bool IRParserBase::expect(char C, const Twine &What) {
  skipSpace();
  if (Cur < End && *Cur == C) {
    ++Cur;
    return true;
  }
  if (Cur == End)
    return error(Cur, "expected " + What + " but the file ends");
  return error(Cur, "expected " + What);
}

bool IRParserBase::lexString(std::string &Out) {
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

bool IRParserBase::parseString(std::string &S) {
  if (peek() != IRToken::String)
    return error(Cur, "expected a string in double quotes");
  return lexString(S);
}

bool IRParserBase::parseAddress(std::string &S, bool AllowPatterns) {
  skipSpace();
  const char *Loc = Cur;
  if (!parseString(S))
    return false;
  std::string Why;
  if (!checkAddressSyntax(S, AllowPatterns, Why))
    return error(Loc, "address \"" + S + "\": " + Why);
  return true;
}

bool IRParserBase::parseUInt(StringRef Attr, uint64_t &V) {
  if (peek() != IRToken::Word)
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

bool IRParserBase::parseUIntAtLeast(StringRef Attr, uint64_t Min, uint64_t &V) {
  const char *Loc = Cur;
  if (!parseUInt(Attr, V))
    return false;
  if (V < Min)
    return error(Loc, "'" + Attr + "' must be at least " + Twine(Min));
  return true;
}

bool IRParserBase::parseBool(bool &B) {
  const char *Loc = Cur;
  if (peek() != IRToken::Ident)
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

bool IRParserBase::parseIndexStyleValue(IndexStyle &S) {
  const char *Loc = Cur;
  StringRef W = peek() == IRToken::Ident ? lexWord() : StringRef();
  if (auto Style = parseIndexStyle(W)) {
    S = *Style;
    return true;
  }
  return error(Loc, "index style must be 'decimal', 'lower' or 'upper'");
}

bool IRParserBase::parseIndexSet(IndexSet &S) {
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

bool IRParserBase::parseJSON(std::string &Out, JSONShape Shape,
                             boost::json::value *Value) {
  skipSpace();
  const char *Start = Cur;
  boost::json::value V;
  size_t Consumed = 0, ErrorOffset = 0;
  std::string Message;
  if (!parseJSONPrefix(StringRef(Cur, End - Cur), V, Consumed, ErrorOffset,
                       Message))
    return error(Start + ErrorOffset, "invalid JSON value: " + Message);
  bool WantObject = Shape == JSONShape::Object;
  if (WantObject ? !V.is_object() : !V.is_array())
    return error(Start, WantObject ? "expected a JSON object"
                                   : "expected a JSON array");
  std::string Why;
  if (Shape == JSONShape::TensorMetadata && !validateTensorMetadata(V, Why))
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

bool IRParserBase::parseRuntimeEvents() {
  skipSpace();
  const char *Loc = Cur;
  std::string Text;
  boost::json::value V;
  if (!parseJSON(Text, JSONShape::Array, &V))
    return false;
  std::string Why;
  if (!runtimeEventsFromJSON(V, G.runtimeEvents(), Why))
    return error(Loc, "malformed runtime events: " + Why);
  return true;
}

bool IRParserBase::parseCommaSeparatedList(
    const Twine &What, llvm::function_ref<bool()> ParseElement) {
  if (!expect('[', "'[' to start " + What))
    return false;
  if (peek() == IRToken::RBracket) {
    ++Cur;
    return true;
  }
  while (true) {
    if (!ParseElement())
      return false;
    IRToken T = peek();
    if (T == IRToken::Comma) {
      ++Cur;
      continue;
    }
    if (T == IRToken::RBracket) {
      ++Cur;
      return true;
    }
    return error(Cur, "expected ',' or ']' in " + What);
  }
}

bool IRParserBase::parseStringList(std::vector<std::string> &List) {
  List.clear();
  return parseCommaSeparatedList("a list of strings", [&]() {
    std::string S;
    if (!parseString(S))
      return false;
    List.push_back(std::move(S));
    return true;
  });
}

bool IRParserBase::parseIndexSetList(std::vector<IndexSet> &List) {
  List.clear();
  return parseCommaSeparatedList("a list of index sets", [&]() {
    IndexSet S;
    if (!parseIndexSet(S))
      return false;
    List.push_back(std::move(S));
    return true;
  });
}

bool IRParserBase::parseAttrName(StringRef &Name, const char *&Loc) {
  Name = StringRef();
  if (atLineEnd())
    return true;
  skipSpace();
  Loc = Cur;
  if (peek() != IRToken::Ident)
    return error(Loc, "expected an attribute 'name=value'");
  StringRef W = lexWord();
  if (atLineEnd() || peek() != IRToken::Equal)
    return error(Loc, "expected '=' after attribute name '" + W + "'");
  ++Cur;
  Name = W;
  return true;
}

bool IRParserBase::parseAttributes(
    llvm::StringSet<> &Seen,
    llvm::function_ref<bool(StringRef Name, const char *NameLoc)> ParseValue) {
  while (true) {
    StringRef Name;
    const char *Loc = nullptr;
    if (!parseAttrName(Name, Loc))
      return false;
    if (Name.empty())
      return true;
    if (!Seen.insert(Name).second)
      return error(Loc, "duplicate attribute '" + Name + "'");
    skipSpace();
    if (!ParseValue(Name, Loc))
      return false;
  }
}
