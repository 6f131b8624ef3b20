//===- JSONWriter.cpp - A small streaming, indenting JSON writer ----------===//
//
// Two-space indentation, one member per line, `"key": value`.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/JSONWriter.h"

#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

void JSONWriter::newline() {
  OS << '\n';
  OS.indent(Stack.size() * 2);
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

void JSONWriter::rawValue(llvm::StringRef JSON) {
  beforeValue();
  OS << JSON;
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
