//===- LocatedJSON.h - A small JSON tree that remembers positions -*- C++ -*-=//
//
// Configuration files (profiles, model descriptions) are small; this reads
// them into a tree in which every value and key keeps a pointer into the
// source buffer, so a semantic error ("stages[2].name must be a string")
// can be reported at file:line:col. Traces are not read with this: they are
// streamed (see Trace/TraceReader.h).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_LOCATEDJSON_H
#define DSOCR_SUPPORT_LOCATEDJSON_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class Diagnostics;
struct JMember;

class JValue {
public:
  enum class Kind { Null, Bool, Integer, Number, String, Array, Object };
  using Member = JMember;

  Kind kind() const { return K; }
  const char *loc() const { return Loc; }
  bool isNull() const { return K == Kind::Null; }
  bool isBool() const { return K == Kind::Bool; }
  bool isInteger() const { return K == Kind::Integer; }
  bool isNumber() const { return K == Kind::Number || K == Kind::Integer; }
  bool isString() const { return K == Kind::String; }
  bool isArray() const { return K == Kind::Array; }
  bool isObject() const { return K == Kind::Object; }

  bool boolValue() const { return B; }
  /// Integers: negative values are kept with Negative set.
  uint64_t magnitude() const { return U; }
  bool negative() const { return Neg; }
  double number() const { return D; }
  const std::string &str() const { return S; }
  const std::vector<JValue> &elements() const { return Arr; }
  const std::vector<Member> &members() const { return Obj; }
  /// The member named Key, or null.
  const JValue *get(llvm::StringRef Key) const;
  const Member *getMember(llvm::StringRef Key) const;

  /// A short name of the kind, for messages: "an object", "a string", ...
  static const char *describe(Kind K);
  const char *describe() const { return describe(K); }

private:
  friend class JSONTreeHandler;
  Kind K = Kind::Null;
  const char *Loc = nullptr;
  bool B = false;
  bool Neg = false;
  uint64_t U = 0;
  double D = 0;
  std::string S;
  std::vector<JValue> Arr;
  std::vector<Member> Obj;
};

struct JMember {
  std::string Key;
  const char *KeyLoc = nullptr;
  JValue Value;
};

/// Parses Buffer (registered with Diags). Duplicate keys, nesting deeper
/// than 64, invalid UTF-8 and trailing text are errors. Returns null after
/// reporting.
std::unique_ptr<JValue> parseLocatedJSON(const llvm::MemoryBuffer &Buffer,
                                         Diagnostics &Diags);

/// Parses the one JSON value that starts at Begin (inside a buffer
/// registered with Diags that ends at or after End); text after it is
/// allowed and not read. Returns null after reporting.
std::unique_ptr<JValue> parseLocatedJSONValue(const char *Begin,
                                              const char *End,
                                              Diagnostics &Diags);

/// Helpers for readers of configuration files: each reports a typed error
/// at the value ("'name' must be a string") and returns false.
class JReader {
public:
  explicit JReader(Diagnostics &Diags) : Diags(Diags) {}
  bool expectKind(const JValue &V, JValue::Kind K, const llvm::Twine &What);
  bool getString(const JValue &V, const llvm::Twine &What, std::string &Out);
  bool getUInt(const JValue &V, const llvm::Twine &What, uint64_t &Out);
  bool getBool(const JValue &V, const llvm::Twine &What, bool &Out);
  bool getStringList(const JValue &V, const llvm::Twine &What,
                     std::vector<std::string> &Out);
  /// Reports an unknown key of Obj not in Allowed.
  bool checkKeys(const JValue &Obj,
                 std::initializer_list<llvm::StringRef> Allowed,
                 const llvm::Twine &What);
  bool error(const char *Loc, const llvm::Twine &Msg);

private:
  Diagnostics &Diags;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_LOCATEDJSON_H
