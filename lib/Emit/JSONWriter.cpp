//===- JSONWriter.cpp - A small streaming, indenting JSON writer ----------===//
//
// Two-space indentation, one member per line, `"key": value`. Indentation
// stops growing MaxIndentLevels deep, so that the output of a deep tree stays
// linear in its size (a 4,000-deep chain would otherwise be indented by
// megabytes per line).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/JSONWriter.h"

#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/Support/raw_ostream.h"

#include <boost/json/value.hpp>

#include <algorithm>

using namespace dsocr;

void JSONWriter::newline() {
  OS << '\n';
  OS.indent(std::min<size_t>(Stack.size(), MaxIndentLevels) * 2);
}

void JSONWriter::beforeValue() {
  if (AfterKey) {
    AfterKey = false;
    return;
  }
  if (!Stack.empty()) {
    if (!Stack.back().Empty)
      OS << ',';
    Stack.back().Empty = false;
    newline();
  }
}

void JSONWriter::key(llvm::StringRef K) {
  if (!Stack.back().Empty)
    OS << ',';
  Stack.back().Empty = false;
  newline();
  writeJSONString(OS, K);
  OS << ": ";
  AfterKey = true;
}

void JSONWriter::objectBegin() {
  beforeValue();
  OS << '{';
  Stack.push_back({true, true});
}

void JSONWriter::objectEnd() {
  bool Empty = Stack.back().Empty;
  Stack.pop_back();
  if (!Empty)
    newline();
  OS << '}';
  if (Stack.empty())
    OS << '\n';
}

void JSONWriter::arrayBegin() {
  beforeValue();
  OS << '[';
  Stack.push_back({false, true});
}

void JSONWriter::arrayEnd() {
  bool Empty = Stack.back().Empty;
  Stack.pop_back();
  if (!Empty)
    newline();
  OS << ']';
}

void JSONWriter::value(llvm::StringRef S) {
  beforeValue();
  writeJSONString(OS, S);
}

void JSONWriter::value(uint64_t V) {
  beforeValue();
  OS << V;
}

void JSONWriter::value(bool B) {
  beforeValue();
  OS << (B ? "true" : "false");
}

void JSONWriter::null() {
  beforeValue();
  OS << "null";
}

void JSONWriter::jsonValue(const boost::json::value &V) {
  namespace json = boost::json;
  if (const json::object *O = V.if_object()) {
    std::vector<const json::key_value_pair *> Items;
    for (const json::key_value_pair &KV : *O)
      Items.push_back(&KV);
    std::sort(Items.begin(), Items.end(),
              [](const auto *A, const auto *B) { return A->key() < B->key(); });
    objectBegin();
    for (const json::key_value_pair *KV : Items) {
      key(llvm::StringRef(KV->key().data(), KV->key().size()));
      jsonValue(KV->value());
    }
    objectEnd();
    return;
  }
  if (const json::array *A = V.if_array()) {
    bool Scalars = std::all_of(A->begin(), A->end(), [](const json::value &E) {
      return !E.is_object() && !E.is_array();
    });
    if (Scalars) {
      beforeValue();
      OS << '[';
      for (size_t I = 0; I < A->size(); ++I) {
        if (I)
          OS << ", ";
        writeCanonicalJSON(OS, (*A)[I]);
      }
      OS << ']';
      return;
    }
    arrayBegin();
    for (const json::value &E : *A)
      jsonValue(E);
    arrayEnd();
    return;
  }
  beforeValue();
  writeCanonicalJSON(OS, V);
}

void JSONWriter::jsonText(llvm::StringRef JSON) {
  boost::json::error_code EC;
  boost::json::value V = parseJSONExact(JSON, EC);
  if (EC)
    null();
  else
    jsonValue(V);
}

void JSONWriter::inlineArray(const std::vector<uint64_t> &Values) {
  beforeValue();
  OS << '[';
  for (size_t I = 0; I < Values.size(); ++I) {
    if (I)
      OS << ", ";
    OS << Values[I];
  }
  OS << ']';
}
