//===- CanonicalJSON.cpp - One spelling for every JSON value --------------===//
//
// Canonical JSON writer and a prefix parser for JSON embedded in IR text.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/Support/raw_ostream.h"

#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

using namespace dsocr;
namespace json = boost::json;

void dsocr::writeJSONString(llvm::raw_ostream &OS, llvm::StringRef S) {
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
    case '\r':
      OS << "\\r";
      break;
    default:
      if (C < 0x20)
        OS << "\\u00" << Hex[C >> 4] << Hex[C & 15];
      else
        OS << char(C);
    }
  }
  OS << '"';
}

void dsocr::writeCanonicalJSON(llvm::raw_ostream &OS, const json::value &V) {
  switch (V.kind()) {
  case json::kind::null:
    OS << "null";
    return;
  case json::kind::bool_:
    OS << (V.get_bool() ? "true" : "false");
    return;
  case json::kind::int64:
    OS << V.get_int64();
    return;
  case json::kind::uint64:
    OS << V.get_uint64();
    return;
  case json::kind::double_: {
    double D = V.get_double();
    if (!std::isfinite(D)) {
      OS << "null";
      return;
    }
    char Buf[64];
    auto R = std::to_chars(Buf, Buf + sizeof(Buf), D);
    OS << llvm::StringRef(Buf, R.ptr - Buf);
    return;
  }
  case json::kind::string: {
    const json::string &S = V.get_string();
    writeJSONString(OS, llvm::StringRef(S.data(), S.size()));
    return;
  }
  case json::kind::array: {
    OS << '[';
    bool First = true;
    for (const json::value &E : V.get_array()) {
      if (!First)
        OS << ',';
      First = false;
      writeCanonicalJSON(OS, E);
    }
    OS << ']';
    return;
  }
  case json::kind::object: {
    const json::object &O = V.get_object();
    std::vector<const json::key_value_pair *> Items;
    Items.reserve(O.size());
    for (const json::key_value_pair &KV : O)
      Items.push_back(&KV);
    std::sort(Items.begin(), Items.end(),
              [](const json::key_value_pair *A, const json::key_value_pair *B) {
                return A->key() < B->key();
              });
    OS << '{';
    bool First = true;
    for (const json::key_value_pair *KV : Items) {
      if (!First)
        OS << ',';
      First = false;
      writeJSONString(OS, llvm::StringRef(KV->key().data(), KV->key().size()));
      OS << ':';
      writeCanonicalJSON(OS, KV->value());
    }
    OS << '}';
    return;
  }
  }
}

std::string dsocr::canonicalJSON(const json::value &V) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeCanonicalJSON(OS, V);
  return OS.str();
}

bool dsocr::parseJSONPrefix(llvm::StringRef Text, json::value &Value,
                            size_t &Consumed, size_t &ErrorOffset,
                            std::string &Message) {
  json::parse_options Opts;
  Opts.max_depth = 64;
  json::parser P(json::storage_ptr(), Opts);
  json::error_code EC;
  // write_some parses with more=false and stops after one complete value.
  size_t N = P.write_some(Text.data(), Text.size(), EC);
  if (EC) {
    ErrorOffset = N;
    Message = EC.message();
    return false;
  }
  Value = P.release();
  Consumed = N;
  return true;
}
