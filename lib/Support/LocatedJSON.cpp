//===- LocatedJSON.cpp - A small JSON tree that remembers positions -------===//
//
// A strict RFC 8259 recursive-descent parser for configuration files.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/LocatedJSON.h"

#include "dsocr/Support/ByteOrderMark.h"

#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>

using namespace dsocr;
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

namespace dsocr {

class JSONDocumentParser {
public:
  JSONDocumentParser(const llvm::MemoryBuffer &Buf, Diagnostics &Diags)
      : Cur(Buf.getBufferStart() + utf8ByteOrderMarkLength(Buf.getBuffer())),
        End(Buf.getBufferEnd()), Diags(Diags) {}

  bool parseDocument(JValue &V) {
    if (StringRef Why = unsupportedByteOrderMark(StringRef(Cur, End - Cur));
        !Why.empty())
      return error(Cur, Why);
    skipSpace();
    if (Cur == End)
      return error(Cur, "empty file: expected a JSON value");
    if (!parseValue(V, 0))
      return false;
    skipSpace();
    if (Cur != End)
      return error(Cur, "unexpected text after the JSON value");
    return true;
  }

private:
  static constexpr unsigned MaxDepth = 64;

  bool error(const char *Loc, const Twine &Msg) {
    Diags.error(Loc, Msg);
    return false;
  }
  void skipSpace() {
    while (Cur < End &&
           (*Cur == ' ' || *Cur == '\t' || *Cur == '\n' || *Cur == '\r'))
      ++Cur;
  }
  bool literal(StringRef Word) {
    if (StringRef(Cur, End - Cur).startswith(Word)) {
      Cur += Word.size();
      return true;
    }
    return false;
  }

  bool parseValue(JValue &V, unsigned Depth) {
    skipSpace();
    V.Loc = Cur;
    if (Cur == End)
      return error(Cur, "unexpected end of file: expected a JSON value");
    char C = *Cur;
    if (C == '{')
      return parseObject(V, Depth);
    if (C == '[')
      return parseArray(V, Depth);
    if (C == '"') {
      V.K = JValue::Kind::String;
      return parseString(V.S);
    }
    if (C == '-' || llvm::isDigit(C))
      return parseNumber(V);
    if (literal("true")) {
      V.K = JValue::Kind::Bool;
      V.B = true;
      return true;
    }
    if (literal("false")) {
      V.K = JValue::Kind::Bool;
      V.B = false;
      return true;
    }
    if (literal("null")) {
      V.K = JValue::Kind::Null;
      return true;
    }
    return error(Cur, "expected a JSON value");
  }

  bool parseObject(JValue &V, unsigned Depth) {
    if (Depth >= MaxDepth)
      return error(Cur,
                   "JSON nested deeper than " + Twine(MaxDepth) + " levels");
    V.K = JValue::Kind::Object;
    ++Cur;
    skipSpace();
    if (Cur < End && *Cur == '}') {
      ++Cur;
      return true;
    }
    llvm::StringSet<> Keys;
    while (true) {
      skipSpace();
      if (Cur == End)
        return error(Cur, "unexpected end of file inside an object");
      if (*Cur != '"')
        return error(Cur, "expected a string key");
      JValue::Member M;
      M.KeyLoc = Cur;
      if (!parseString(M.Key))
        return false;
      if (!Keys.insert(M.Key).second)
        return error(M.KeyLoc, "duplicate key '" + M.Key + "'");
      skipSpace();
      if (Cur == End || *Cur != ':')
        return error(Cur, "expected ':' after a key");
      ++Cur;
      if (!parseValue(M.Value, Depth + 1))
        return false;
      V.Obj.push_back(std::move(M));
      skipSpace();
      if (Cur < End && *Cur == ',') {
        ++Cur;
        continue;
      }
      if (Cur < End && *Cur == '}') {
        ++Cur;
        return true;
      }
      return error(Cur, "expected ',' or '}' in an object");
    }
  }

  bool parseArray(JValue &V, unsigned Depth) {
    if (Depth >= MaxDepth)
      return error(Cur,
                   "JSON nested deeper than " + Twine(MaxDepth) + " levels");
    V.K = JValue::Kind::Array;
    ++Cur;
    skipSpace();
    if (Cur < End && *Cur == ']') {
      ++Cur;
      return true;
    }
    while (true) {
      JValue E;
      if (!parseValue(E, Depth + 1))
        return false;
      V.Arr.push_back(std::move(E));
      skipSpace();
      if (Cur < End && *Cur == ',') {
        ++Cur;
        continue;
      }
      if (Cur < End && *Cur == ']') {
        ++Cur;
        return true;
      }
      return error(Cur, "expected ',' or ']' in an array");
    }
  }

  bool parseHex4(unsigned &Out) {
    if (End - Cur < 4)
      return error(Cur, "expected four hex digits after '\\u'");
    Out = 0;
    for (int I = 0; I < 4; ++I) {
      if (!llvm::isHexDigit(Cur[I]))
        return error(Cur + I, "expected a hex digit");
      Out = Out * 16 + llvm::hexDigitValue(Cur[I]);
    }
    Cur += 4;
    return true;
  }

  static void appendUTF8(std::string &S, unsigned CP) {
    if (CP < 0x80) {
      S += char(CP);
    } else if (CP < 0x800) {
      S += char(0xC0 | (CP >> 6));
      S += char(0x80 | (CP & 0x3F));
    } else if (CP < 0x10000) {
      S += char(0xE0 | (CP >> 12));
      S += char(0x80 | ((CP >> 6) & 0x3F));
      S += char(0x80 | (CP & 0x3F));
    } else {
      S += char(0xF0 | (CP >> 18));
      S += char(0x80 | ((CP >> 12) & 0x3F));
      S += char(0x80 | ((CP >> 6) & 0x3F));
      S += char(0x80 | (CP & 0x3F));
    }
  }

  bool parseString(std::string &Out) {
    const char *Start = Cur;
    ++Cur;
    Out.clear();
    while (true) {
      if (Cur == End)
        return error(Start, "unterminated string");
      unsigned char C = *Cur;
      if (C == '"') {
        ++Cur;
        break;
      }
      if (C < 0x20)
        return error(Cur, "control character in a string");
      if (C != '\\') {
        Out += char(C);
        ++Cur;
        continue;
      }
      ++Cur;
      if (Cur == End)
        return error(Start, "unterminated string");
      char E = *Cur++;
      switch (E) {
      case '"':
      case '\\':
      case '/':
        Out += E;
        break;
      case 'b':
        Out += '\b';
        break;
      case 'f':
        Out += '\f';
        break;
      case 'n':
        Out += '\n';
        break;
      case 'r':
        Out += '\r';
        break;
      case 't':
        Out += '\t';
        break;
      case 'u': {
        unsigned CP;
        if (!parseHex4(CP))
          return false;
        if (CP >= 0xD800 && CP < 0xDC00) {
          unsigned Lo;
          if (End - Cur < 2 || Cur[0] != '\\' || Cur[1] != 'u')
            return error(Cur, "unpaired UTF-16 surrogate");
          Cur += 2;
          if (!parseHex4(Lo))
            return false;
          if (Lo < 0xDC00 || Lo >= 0xE000)
            return error(Cur - 6, "unpaired UTF-16 surrogate");
          CP = 0x10000 + ((CP - 0xD800) << 10) + (Lo - 0xDC00);
        } else if (CP >= 0xDC00 && CP < 0xE000) {
          return error(Cur - 6, "unpaired UTF-16 surrogate");
        }
        appendUTF8(Out, CP);
        break;
      }
      default:
        return error(Cur - 2, "invalid escape in a string");
      }
    }
    const llvm::UTF8 *P = reinterpret_cast<const llvm::UTF8 *>(Out.data());
    if (!llvm::isLegalUTF8String(&P, P + Out.size()))
      return error(Start, "invalid UTF-8 in a string");
    return true;
  }

  bool parseNumber(JValue &V) {
    const char *Start = Cur;
    if (*Cur == '-')
      ++Cur;
    if (Cur == End || !llvm::isDigit(*Cur))
      return error(Start, "malformed number");
    if (*Cur == '0' && Cur + 1 < End && llvm::isDigit(Cur[1]))
      return error(Start, "malformed number: leading zero");
    while (Cur < End && llvm::isDigit(*Cur))
      ++Cur;
    bool Integer = true;
    if (Cur < End && *Cur == '.') {
      Integer = false;
      ++Cur;
      if (Cur == End || !llvm::isDigit(*Cur))
        return error(Start, "malformed number");
      while (Cur < End && llvm::isDigit(*Cur))
        ++Cur;
    }
    if (Cur < End && (*Cur == 'e' || *Cur == 'E')) {
      Integer = false;
      ++Cur;
      if (Cur < End && (*Cur == '+' || *Cur == '-'))
        ++Cur;
      if (Cur == End || !llvm::isDigit(*Cur))
        return error(Start, "malformed number");
      while (Cur < End && llvm::isDigit(*Cur))
        ++Cur;
    }
    StringRef Text(Start, Cur - Start);
    V.D = std::strtod(Text.str().c_str(), nullptr);
    if (Integer) {
      StringRef Digits = Text;
      V.Neg = Digits.consume_front("-");
      if (Digits.getAsInteger(10, V.U))
        return error(Start, "integer '" + Text + "' does not fit in 64 bits");
      V.K = JValue::Kind::Integer;
      if (V.Neg && V.U == 0)
        V.Neg = false;
    } else {
      V.K = JValue::Kind::Number;
    }
    return true;
  }

  const char *Cur;
  const char *End;
  Diagnostics &Diags;
};

} // namespace dsocr

std::unique_ptr<JValue> dsocr::parseLocatedJSON(const llvm::MemoryBuffer &Buf,
                                                Diagnostics &Diags) {
  auto V = std::make_unique<JValue>();
  JSONDocumentParser P(Buf, Diags);
  if (!P.parseDocument(*V))
    return nullptr;
  return V;
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
