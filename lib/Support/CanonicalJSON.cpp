//===- CanonicalJSON.cpp - One spelling for every JSON value --------------===//
//
// Canonical JSON writer and a prefix parser for JSON embedded in IR text.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/Support/raw_ostream.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>
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
    if (D == 0 && std::signbit(D)) {
      // "-0" would read back as the integer 0.
      OS << "-0.0";
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

double dsocr::exactDouble(llvm::StringRef Text, double Approximate) {
  double D = 0;
  auto R = std::from_chars(Text.begin(), Text.end(), D);
  if (R.ec != std::errc() || R.ptr != Text.end())
    return Approximate;
  return D;
}

namespace {
/// A basic_parser handler that builds a json::value like json::parser does,
/// except that doubles are converted from their text with std::from_chars
/// (correctly rounded). Boost.JSON 1.81's own conversion can be one unit in
/// the last place off, so the shortest spelling of a parsed double would not
/// always parse back to the same double.
class ExactHandler {
public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack Stack;
  std::string Number;

  bool on_document_begin(json::error_code &) { return true; }
  bool on_document_end(json::error_code &) { return true; }
  bool on_object_begin(json::error_code &) { return true; }
  bool on_object_end(std::size_t N, json::error_code &) {
    Stack.push_object(N);
    return true;
  }
  bool on_array_begin(json::error_code &) { return true; }
  bool on_array_end(std::size_t N, json::error_code &) {
    Stack.push_array(N);
    return true;
  }
  bool on_key_part(json::string_view S, std::size_t, json::error_code &) {
    Stack.push_chars(S);
    return true;
  }
  bool on_key(json::string_view S, std::size_t, json::error_code &) {
    Stack.push_key(S);
    return true;
  }
  bool on_string_part(json::string_view S, std::size_t, json::error_code &) {
    Stack.push_chars(S);
    return true;
  }
  bool on_string(json::string_view S, std::size_t, json::error_code &) {
    Stack.push_string(S);
    return true;
  }
  bool on_number_part(json::string_view S, json::error_code &) {
    Number.append(S.data(), S.size());
    return true;
  }
  bool on_int64(int64_t V, json::string_view, json::error_code &) {
    Number.clear();
    Stack.push_int64(V);
    return true;
  }
  bool on_uint64(uint64_t V, json::string_view, json::error_code &) {
    Number.clear();
    Stack.push_uint64(V);
    return true;
  }
  bool on_double(double V, json::string_view S, json::error_code &) {
    if (Number.empty()) { // the usual case: the number came in one piece
      Stack.push_double(exactDouble(llvm::StringRef(S.data(), S.size()), V));
      return true;
    }
    Number.append(S.data(), S.size());
    Stack.push_double(exactDouble(Number, V));
    Number.clear();
    return true;
  }
  bool on_bool(bool V, json::error_code &) {
    Stack.push_bool(V);
    return true;
  }
  bool on_null(json::error_code &) {
    Stack.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code &) { return true; }
  bool on_comment(json::string_view, json::error_code &) { return true; }
};

/// Runs the exact parser over Text; stops after one complete value when
/// Prefix is set, else requires the whole text to be one value.
bool runExact(llvm::StringRef Text, bool Prefix, json::value &Value,
              size_t &Consumed, json::error_code &EC) {
  json::parse_options Opts;
  Opts.max_depth = 64;
  json::basic_parser<ExactHandler> P(Opts);
  P.handler().Stack.reset();
  size_t N = P.write_some(false, Text.data(), Text.size(), EC);
  Consumed = N;
  if (EC)
    return false;
  if (!Prefix && N != Text.size()) {
    // Only whitespace may follow the value.
    if (Text.drop_front(N).find_first_not_of(" \t\r\n") !=
        llvm::StringRef::npos) {
      EC = json::error::extra_data;
      return false;
    }
  }
  Value = P.handler().Stack.release();
  return true;
}
} // namespace

json::value dsocr::parseJSONExact(llvm::StringRef Text, json::error_code &EC) {
  json::value V;
  size_t Consumed = 0;
  EC = {};
  if (!runExact(Text, /*Prefix=*/false, V, Consumed, EC))
    return json::value();
  return V;
}

bool dsocr::parseJSONPrefix(llvm::StringRef Text, json::value &Value,
                            size_t &Consumed, size_t &ErrorOffset,
                            std::string &Message) {
  json::error_code EC;
  size_t N = 0;
  if (!runExact(Text, /*Prefix=*/true, Value, N, EC)) {
    ErrorOffset = N;
    Message = EC.message();
    return false;
  }
  Consumed = N;
  return true;
}
