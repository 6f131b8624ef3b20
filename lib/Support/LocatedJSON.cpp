//===- LocatedJSON.cpp - A small JSON tree that remembers positions -------===//
//
// Boost.JSON's basic_parser checks the syntax (RFC 8259, UTF-8, nesting);
// a handler builds the tree and keeps where every value starts. Doubles are
// converted from their text correctly rounded (as parseJSONExact does).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/LocatedJSON.h"

#include "dsocr/Support/ByteOrderMark.h"
#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

#include <boost/json/basic_parser_impl.hpp>

using namespace dsocr;
namespace json = boost::json;
using llvm::StringRef;
using llvm::Twine;

const JValue *JValue::get(StringRef Key) const {
  const Member *M = getMember(Key);
  return M ? &M->Value : nullptr;
}

const JValue::Member *JValue::getMember(StringRef Key) const {
  for (const Member &M : Obj)
    if (M.Key == Key)
      return &M;
  return nullptr;
}

const char *JValue::describe(Kind K) {
  switch (K) {
  case Kind::Null:
    return "null";
  case Kind::Bool:
    return "a boolean";
  case Kind::Integer:
    return "an integer";
  case Kind::Number:
    return "a number";
  case Kind::String:
    return "a string";
  case Kind::Array:
    return "an array";
  case Kind::Object:
    return "an object";
  }
  return "a value";
}

namespace {

/// Parses one JSON number at P by RFC 8259's grammar (what Boost.JSON
/// accepts), as the configuration formats always have: sets End past it, or
/// the error and its location.
bool scanNumber(const char *P, const char *Limit, const char *&End,
                const char *&ErrLoc, const char *&Err) {
  const char *Start = P;
  auto Fail = [&](const char *Msg) {
    ErrLoc = Start;
    Err = Msg;
    return false;
  };
  if (P < Limit && *P == '-')
    ++P;
  if (P == Limit || !llvm::isDigit(*P))
    return Fail("malformed number");
  if (*P == '0' && P + 1 < Limit && llvm::isDigit(P[1]))
    return Fail("malformed number: leading zero");
  while (P < Limit && llvm::isDigit(*P))
    ++P;
  if (P < Limit && *P == '.') {
    ++P;
    if (P == Limit || !llvm::isDigit(*P))
      return Fail("malformed number");
    while (P < Limit && llvm::isDigit(*P))
      ++P;
  }
  if (P < Limit && (*P == 'e' || *P == 'E')) {
    ++P;
    if (P < Limit && (*P == '+' || *P == '-'))
      ++P;
    if (P == Limit || !llvm::isDigit(*P))
      return Fail("malformed number");
    while (P < Limit && llvm::isDigit(*P))
      ++P;
  }
  End = P;
  return true;
}

/// The first problem of the string literal at Start (its opening quote), as
/// RFC 8259 and UTF-8 see it. Only called once the parser has rejected the
/// text, to say why in the words configuration files have always used.
bool explainString(const char *Start, const char *Limit, const char *&ErrLoc,
                   const char *&Err) {
  auto Fail = [&](const char *Loc, const char *Msg) {
    ErrLoc = Loc;
    Err = Msg;
    return true;
  };
  auto Hex4 = [&](const char *&P, unsigned &Out) {
    if (Limit - P < 4)
      return !Fail(P, "expected four hex digits after '\\u'");
    Out = 0;
    for (int I = 0; I < 4; ++I) {
      if (!llvm::isHexDigit(P[I]))
        return !Fail(P + I, "expected a hex digit");
      Out = Out * 16 + llvm::hexDigitValue(P[I]);
    }
    P += 4;
    return true;
  };
  std::string Out; // the raw bytes, for the UTF-8 check
  for (const char *P = Start + 1;;) {
    if (P == Limit)
      return Fail(Start, "unterminated string");
    unsigned char C = *P;
    if (C == '"')
      break;
    if (C < 0x20)
      return Fail(P, "control character in a string");
    ++P;
    if (C != '\\') {
      Out += char(C);
      continue;
    }
    if (P == Limit)
      return Fail(Start, "unterminated string");
    char E = *P++;
    if (llvm::StringRef("\"\\/bfnrt").contains(E))
      continue;
    if (E != 'u')
      return Fail(P - 2, "invalid escape in a string");
    unsigned CP;
    if (!Hex4(P, CP))
      return true;
    if (CP >= 0xD800 && CP < 0xDC00) {
      unsigned Lo;
      if (Limit - P < 2 || P[0] != '\\' || P[1] != 'u')
        return Fail(P, "unpaired UTF-16 surrogate");
      P += 2;
      if (!Hex4(P, Lo))
        return true;
      if (Lo < 0xDC00 || Lo >= 0xE000)
        return Fail(P - 6, "unpaired UTF-16 surrogate");
    } else if (CP >= 0xDC00 && CP < 0xE000) {
      return Fail(P - 6, "unpaired UTF-16 surrogate");
    }
  }
  const llvm::UTF8 *U = reinterpret_cast<const llvm::UTF8 *>(Out.data());
  if (!llvm::isLegalUTF8String(&U, U + Out.size()))
    return Fail(Start, "invalid UTF-8 in a string");
  return false;
}

} // namespace

namespace dsocr {

/// A Boost.JSON basic_parser handler that builds the located tree. Boost
/// checks the syntax; the handler knows where each value starts by
/// following the text behind the parser (Last: just past the last token an
/// event accounted for), since Boost's events do not all carry positions.
/// Containers are built on a stack and moved into their parent when they
/// end. On a syntax error, what the parser was in the middle of says which
/// message to give (explainError).
class JSONTreeHandler {
public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr unsigned MaxDepth = 64;

  JSONTreeHandler(const char *Begin, const char *End) : Last(Begin), End(End) {}

  bool on_document_begin(json::error_code &) { return true; }
  bool on_document_end(json::error_code &) { return true; }
  bool on_object_begin(json::error_code &) {
    return open(JValue::Kind::Object);
  }
  bool on_object_end(std::size_t, json::error_code &) { return close(); }
  bool on_array_begin(json::error_code &) { return open(JValue::Kind::Array); }
  bool on_array_end(std::size_t, json::error_code &) { return close(); }
  bool on_key_part(json::string_view S, std::size_t, json::error_code &) {
    Str.append(S.data(), S.size());
    return true;
  }
  bool on_key(json::string_view S, std::size_t, json::error_code &EC);
  bool on_string_part(json::string_view S, std::size_t, json::error_code &) {
    Str.append(S.data(), S.size());
    return true;
  }
  bool on_string(json::string_view S, std::size_t, json::error_code &);
  bool on_number_part(json::string_view, json::error_code &) { return true; }
  bool on_int64(int64_t V, json::string_view, json::error_code &EC) {
    return number(double(V), EC);
  }
  bool on_uint64(uint64_t V, json::string_view, json::error_code &EC) {
    return number(double(V), EC);
  }
  bool on_double(double V, json::string_view, json::error_code &EC) {
    return number(V, EC);
  }
  bool on_bool(bool V, json::error_code &);
  bool on_null(json::error_code &);
  bool on_comment_part(json::string_view, json::error_code &) { return true; }
  bool on_comment(json::string_view, json::error_code &) { return true; }

  /// The handler's own failure (a duplicate key, a too large integer).
  bool failed() const { return Err != nullptr; }
  /// Why Boost stopped with EC, in the words of this reader.
  void explainError(const json::error_code &EC);
  /// After the whole value: only blank space may follow.
  bool checkTrailing();
  const char *errorLoc() const { return ErrLoc; }
  const std::string &errorMessage() const { return ErrMsg; }
  JValue &root() { return Root; }

private:
  enum class State { Start, AfterKey, AfterValue };
  struct Frame {
    JValue V;
    State St = State::Start;
    std::string Key; // the key of the member being read
    const char *KeyLoc = nullptr;
    llvm::StringSet<> Keys;
  };

  static bool isBlank(char C) {
    return C == ' ' || C == '\t' || C == '\n' || C == '\r';
  }
  const char *skipBlank(const char *P) const {
    while (P < End && isBlank(*P))
      ++P;
    return P;
  }
  /// Where the next value or key starts: after blank space and at most one
  /// `,` or `:` (the parser has checked which).
  const char *nextToken() const {
    const char *P = skipBlank(Last);
    if (P < End && (*P == ',' || *P == ':'))
      P = skipBlank(P + 1);
    return P;
  }
  /// Past the closing quote of the (valid) string literal at P.
  const char *endOfString(const char *P) const {
    for (++P; P < End && *P != '"'; ++P)
      if (*P == '\\')
        ++P;
    return P + 1;
  }
  bool fail(const char *Loc, std::string Msg, json::error_code &EC) {
    ErrLoc = Loc;
    ErrMsg = std::move(Msg);
    Err = ErrMsg.c_str();
    EC = json::error::test_failure;
    return false;
  }
  bool open(JValue::Kind K);
  bool close();
  /// Adds a finished value to the current container (or makes it the root).
  void add(JValue V);
  bool number(double Approximate, json::error_code &EC);
  /// The message for a value expected at P; for a key expected at P.
  void explainValue(const char *P, const json::error_code &EC);
  void explainKey(const char *P);
  void report(const char *Loc, const char *Msg) {
    ErrLoc = Loc;
    ErrMsg = Msg;
  }

  const char *Last;
  const char *End;
  std::vector<Frame> Stack;
  JValue Root;
  bool HaveRoot = false;
  std::string Str; // parts of the current string or key
  const char *Err = nullptr;
  const char *ErrLoc = nullptr;
  std::string ErrMsg;
};

} // namespace dsocr

bool JSONTreeHandler::open(JValue::Kind K) {
  Frame F;
  F.V.K = K;
  F.V.Loc = nextToken();
  Last = F.V.Loc + 1;
  Stack.push_back(std::move(F));
  return true;
}

bool JSONTreeHandler::close() {
  Last = skipBlank(Last) + 1;
  JValue V = std::move(Stack.back().V);
  Stack.pop_back();
  add(std::move(V));
  return true;
}

void JSONTreeHandler::add(JValue V) {
  if (Stack.empty()) {
    Root = std::move(V);
    HaveRoot = true;
    return;
  }
  Frame &F = Stack.back();
  if (F.V.K == JValue::Kind::Object)
    F.V.Obj.push_back({std::move(F.Key), F.KeyLoc, std::move(V)});
  else
    F.V.Arr.push_back(std::move(V));
  F.St = State::AfterValue;
}

bool JSONTreeHandler::on_key(json::string_view S, std::size_t,
                             json::error_code &EC) {
  Str.append(S.data(), S.size());
  Frame &F = Stack.back();
  F.KeyLoc = nextToken();
  Last = endOfString(F.KeyLoc);
  F.Key = std::move(Str);
  Str.clear();
  F.St = State::AfterKey;
  if (!F.Keys.insert(F.Key).second)
    return fail(F.KeyLoc, "duplicate key '" + F.Key + "'", EC);
  return true;
}

bool JSONTreeHandler::on_string(json::string_view S, std::size_t,
                                json::error_code &) {
  Str.append(S.data(), S.size());
  JValue V;
  V.K = JValue::Kind::String;
  V.Loc = nextToken();
  Last = endOfString(V.Loc);
  V.S = std::move(Str);
  Str.clear();
  add(std::move(V));
  return true;
}

bool JSONTreeHandler::number(double Approximate, json::error_code &EC) {
  JValue V;
  V.Loc = nextToken();
  const char *NumEnd = nullptr, *Loc = nullptr, *Msg = nullptr;
  // Boost reads `01` as 0 followed by a stray digit: say leading zero.
  if (!scanNumber(V.Loc, End, NumEnd, Loc, Msg))
    return fail(Loc, Msg, EC);
  Last = NumEnd;
  StringRef Text(V.Loc, NumEnd - V.Loc);
  // Correctly rounded, as strtod (and parseJSONExact) read it.
  V.D = exactDouble(Text, Approximate);
  if (Text.find_first_of(".eE") != StringRef::npos) {
    V.K = JValue::Kind::Number;
  } else {
    // Integers keep their magnitude and sign, up to 2^64-1 either way.
    StringRef Digits = Text;
    V.Neg = Digits.consume_front("-");
    if (Digits.getAsInteger(10, V.U))
      return fail(V.Loc, "integer '" + Text.str() + "' does not fit in 64 bits",
                  EC);
    V.K = JValue::Kind::Integer;
    if (V.Neg && V.U == 0)
      V.Neg = false;
  }
  add(std::move(V));
  return true;
}

bool JSONTreeHandler::on_bool(bool B, json::error_code &) {
  JValue V;
  V.K = JValue::Kind::Bool;
  V.B = B;
  V.Loc = nextToken();
  Last = V.Loc + (B ? 4 : 5);
  add(std::move(V));
  return true;
}

bool JSONTreeHandler::on_null(json::error_code &) {
  JValue V;
  V.Loc = nextToken();
  Last = V.Loc + 4;
  add(std::move(V));
  return true;
}

void JSONTreeHandler::explainValue(const char *P, const json::error_code &EC) {
  if (P == End)
    return report(P, "unexpected end of file: expected a JSON value");
  const char *Loc = nullptr, *Msg = nullptr, *NumEnd = nullptr;
  if ((*P == '{' || *P == '[') && EC == json::error::too_deep)
    return report(P, "JSON nested deeper than 64 levels");
  if (*P == '"' && explainString(P, End, Loc, Msg))
    return report(Loc, Msg);
  if ((*P == '-' || llvm::isDigit(*P)) && !scanNumber(P, End, NumEnd, Loc, Msg))
    return report(Loc, Msg);
  if (EC == json::error::exponent_overflow)
    return report(P, "number exponent out of range");
  report(P, "expected a JSON value");
}

void JSONTreeHandler::explainKey(const char *P) {
  const char *Loc = nullptr, *Msg = nullptr;
  if (P == End)
    return report(P, "unexpected end of file inside an object");
  if (*P != '"')
    return report(P, "expected a string key");
  if (explainString(P, End, Loc, Msg))
    return report(Loc, Msg);
  report(P, "invalid JSON in a key");
}

void JSONTreeHandler::explainError(const json::error_code &EC) {
  // What the parser expected next: a value, a key, a `:`, or a `,` or the
  // end of the container. Blank space and at most one `,` or `:` lie
  // between the last token accounted for and the next one.
  const char *P = skipBlank(Last);
  char Sep = P < End && (*P == ',' || *P == ':') ? *P : 0;
  const char *Next = Sep ? skipBlank(P + 1) : P;
  if (Stack.empty())
    return explainValue(P, EC);
  const Frame &F = Stack.back();
  bool IsObject = F.V.K == JValue::Kind::Object;
  switch (F.St) {
  case State::Start: // no separator belongs here
    return IsObject ? explainKey(P) : explainValue(P, EC);
  case State::AfterKey:
    if (Sep == ':')
      return explainValue(Next, EC);
    return report(P, "expected ':' after a key");
  case State::AfterValue:
    if (Sep == ',')
      return IsObject ? explainKey(Next) : explainValue(Next, EC);
    return report(P, IsObject ? "expected ',' or '}' in an object"
                              : "expected ',' or ']' in an array");
  }
}

bool JSONTreeHandler::checkTrailing() {
  const char *P = skipBlank(Last);
  if (P == End)
    return true;
  report(P, "unexpected text after the JSON value");
  return false;
}

static std::unique_ptr<JValue> parseValue(const char *Begin, const char *End,
                                          Diagnostics &Diags,
                                          bool AllowTrailing) {
  json::parse_options Opts;
  Opts.max_depth = JSONTreeHandler::MaxDepth;
  json::basic_parser<JSONTreeHandler> Parser(Opts, Begin, End);
  JSONTreeHandler &H = Parser.handler();
  json::error_code EC;
  Parser.write_some(false, Begin, size_t(End - Begin), EC);
  if (EC && !H.failed())
    H.explainError(EC);
  if (EC || (!AllowTrailing && !H.checkTrailing())) {
    Diags.error(H.errorLoc(), H.errorMessage());
    return nullptr;
  }
  return std::make_unique<JValue>(std::move(H.root()));
}

std::unique_ptr<JValue> dsocr::parseLocatedJSON(const llvm::MemoryBuffer &Buf,
                                                Diagnostics &Diags) {
  StringRef Text = Buf.getBuffer();
  if (StringRef Why = unsupportedByteOrderMark(Text); !Why.empty()) {
    Diags.error(Text.begin(), Why);
    return nullptr;
  }
  Text = Text.drop_front(utf8ByteOrderMarkLength(Text));
  if (Text.find_first_not_of(" \t\n\r") == StringRef::npos) {
    Diags.error(Text.end(), "empty file: expected a JSON value");
    return nullptr;
  }
  return parseValue(Text.begin(), Text.end(), Diags, /*AllowTrailing=*/false);
}

std::unique_ptr<JValue> dsocr::parseLocatedJSONValue(const char *Begin,
                                                     const char *End,
                                                     Diagnostics &Diags) {
  return parseValue(Begin, End, Diags, /*AllowTrailing=*/true);
}

bool JReader::error(const char *Loc, const Twine &Msg) {
  Diags.error(Loc, Msg);
  return false;
}

bool JReader::expectKind(const JValue &V, JValue::Kind K, const Twine &What) {
  bool OK = V.kind() == K || (K == JValue::Kind::Number && V.isNumber());
  if (OK)
    return true;
  return error(V.loc(), What + " must be " + JValue::describe(K) + ", not " +
                            V.describe());
}

bool JReader::getString(const JValue &V, const Twine &What, std::string &Out) {
  if (!expectKind(V, JValue::Kind::String, What))
    return false;
  Out = V.str();
  return true;
}

bool JReader::getUInt(const JValue &V, const Twine &What, uint64_t &Out) {
  if (!V.isInteger() || V.negative())
    return error(V.loc(), What + " must be a non-negative integer");
  Out = V.magnitude();
  return true;
}

bool JReader::getBool(const JValue &V, const Twine &What, bool &Out) {
  if (!expectKind(V, JValue::Kind::Bool, What))
    return false;
  Out = V.boolValue();
  return true;
}

bool JReader::getStringList(const JValue &V, const Twine &What,
                            std::vector<std::string> &Out) {
  if (!expectKind(V, JValue::Kind::Array, What))
    return false;
  Out.clear();
  for (const JValue &E : V.elements()) {
    if (!E.isString())
      return error(E.loc(), What + " must hold strings, not " + E.describe());
    Out.push_back(E.str());
  }
  return true;
}

bool JReader::checkKeys(const JValue &Obj,
                        std::initializer_list<StringRef> Allowed,
                        const Twine &What) {
  for (const JValue::Member &M : Obj.members()) {
    bool Known = false;
    for (StringRef A : Allowed)
      Known |= A == M.Key;
    if (!Known) {
      std::string List;
      for (StringRef A : Allowed)
        List += (List.empty() ? "'" : ", '") + A.str() + "'";
      return error(M.KeyLoc, "unknown key '" + M.Key + "' in " + What +
                                 " (expected " + List + ")");
    }
  }
  return true;
}
