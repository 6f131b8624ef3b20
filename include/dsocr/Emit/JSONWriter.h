//===- JSONWriter.h - A small streaming, indenting JSON writer --*- C++ -*-===//
//
// Writes pretty-printed JSON straight to a raw_ostream, with no DOM, so that
// large trees cost no extra memory. Keys are written in the order the caller
// gives them, which the emitters fix.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_EMIT_JSONWRITER_H
#define DSOCR_EMIT_JSONWRITER_H

#include "llvm/ADT/StringRef.h"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class JSONWriter {
public:
  /// Nesting levels beyond which lines are indented no further.
  static constexpr size_t MaxIndentLevels = 32;

  explicit JSONWriter(llvm::raw_ostream &OS) : OS(OS) {}

  void objectBegin();
  void objectEnd();
  void arrayBegin();
  void arrayEnd();
  /// The key of the next value inside an object.
  void key(llvm::StringRef K);

  void value(llvm::StringRef S);
  void value(const char *S) { value(llvm::StringRef(S)); }
  void value(uint64_t V);
  void value(bool B);
  void null();
  /// Writes a JSON value (metadata) in this writer's layout: objects with
  /// sorted keys one member per line, arrays of scalars on one line.
  void jsonValue(const boost::json::value &V);
  /// Parses JSON text and writes it with jsonValue (null if malformed).
  void jsonText(llvm::StringRef JSON);

  /// Shorthands for `key(K); value(V);`.
  template <typename T> void attribute(llvm::StringRef K, const T &V) {
    key(K);
    value(V);
  }

  /// An array written on one line (for short lists of numbers).
  void inlineArray(const std::vector<uint64_t> &Values);

private:
  void beforeValue();
  void newline();

  llvm::raw_ostream &OS;
  struct Level {
    bool IsObject;
    bool Empty;
  };
  std::vector<Level> Stack;
  bool AfterKey = false;
};

} // namespace dsocr

#endif // DSOCR_EMIT_JSONWRITER_H
