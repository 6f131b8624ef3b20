//===- RuntimeEvents.cpp - What the traced run recorded about itself ------===//
//
// Reading events documents with positions (each problem reported at its
// value), their canonical JSON form, and field lookups for profile rules.
//
//===----------------------------------------------------------------------===//

#include "dsocr/IR/RuntimeEvents.h"

#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/Support/MemoryBuffer.h"

#include <boost/json/value.hpp>

using namespace dsocr;
namespace json = boost::json;
using llvm::StringRef;
using llvm::Twine;

/// The Boost.JSON value of a located value (for its canonical text).
static json::value toBoost(const JValue &V) {
  switch (V.kind()) {
  case JValue::Kind::Null:
    return nullptr;
  case JValue::Kind::Bool:
    return V.boolValue();
  case JValue::Kind::Integer:
    if (!V.negative())
      return V.magnitude();
    return V.magnitude() == uint64_t(1) << 63 ? INT64_MIN
                                                : -int64_t(V.magnitude());
  case JValue::Kind::Number:
    return V.number();
  case JValue::Kind::String:
    return json::string(V.str());
  case JValue::Kind::Array: {
    json::array A;
    for (const JValue &E : V.elements())
      A.push_back(toBoost(E));
    return A;
  }
  case JValue::Kind::Object: {
    json::object O;
    for (const JMember &M : V.members())
      O[M.Key] = toBoost(M.Value);
    return O;
  }
  }
  return nullptr;
}

/// Checks an event's kind and module; Error(Loc, Message) reports.
template <typename ErrorFn>
static bool checkEvent(const json::object &O, ErrorFn Error,
                       RuntimeEvent &Out) {
  const json::value *Kind = O.if_contains("kind");
  if (!Kind)
    return Error(nullptr, "an event needs a 'kind' (a non-empty string)");
  if (!Kind->is_string() || Kind->get_string().empty())
    return Error("kind", "an event's 'kind' must be a non-empty string");
  Out.Kind = std::string(Kind->get_string());
  if (const json::value *M = O.if_contains("module")) {
    if (!M->is_string())
      return Error("module", "an event's 'module' must be a string");
    Out.Module = std::string(M->get_string());
  }
  Out.JSON = canonicalJSON(O);
  return true;
}

bool dsocr::readRuntimeEvents(const JValue &Doc, const Twine &What,
                              std::vector<RuntimeEvent> &Out,
                              Diagnostics &Diags) {
  const JValue *List = &Doc;
  if (Doc.isObject()) {
    List = Doc.get("events");
    if (!List) {
      Diags.error(Doc.loc(), What + " needs an 'events' list");
      return false;
    }
  } else if (!Doc.isArray()) {
    Diags.error(Doc.loc(), What +
                               " must be an object with an 'events' list "
                               "(or a list of events), not " +
                               Doc.describe());
    return false;
  }
  if (!List->isArray()) {
    Diags.error(List->loc(), "'events' must be a list, not " +
                                 Twine(List->describe()));
    return false;
  }
  std::vector<RuntimeEvent> Events;
  for (const JValue &E : List->elements()) {
    if (!E.isObject()) {
      Diags.error(E.loc(),
                  "an event must be an object, not " + Twine(E.describe()));
      return false;
    }
    RuntimeEvent RE;
    auto Error = [&](const char *Key, const Twine &Msg) {
      const JValue *At = Key ? E.get(Key) : nullptr;
      Diags.error(At ? At->loc() : E.loc(), Msg);
      return false;
    };
    if (!checkEvent(toBoost(E).get_object(), Error, RE))
      return false;
    Events.push_back(std::move(RE));
  }
  Out = std::move(Events);
  return true;
}

bool dsocr::parseRuntimeEventsFile(const llvm::MemoryBuffer &Buffer,
                                   Diagnostics &Diags,
                                   std::vector<RuntimeEvent> &Out) {
  std::unique_ptr<JValue> Doc = parseLocatedJSON(Buffer, Diags);
  return Doc && readRuntimeEvents(*Doc, "an events file", Out, Diags);
}

std::string dsocr::runtimeEventsToJSON(const std::vector<RuntimeEvent> &Events) {
  std::string Out = "[";
  for (size_t I = 0; I < Events.size(); ++I)
    Out += (I ? "," : "") + Events[I].JSON;
  return Out + "]";
}

bool dsocr::runtimeEventsFromJSON(const json::value &V,
                                  std::vector<RuntimeEvent> &Out,
                                  std::string &Why) {
  if (!V.is_array()) {
    Why = "runtime events must be a list";
    return false;
  }
  std::vector<RuntimeEvent> Events;
  for (const json::value &E : V.get_array()) {
    if (!E.is_object()) {
      Why = "an event must be an object";
      return false;
    }
    RuntimeEvent RE;
    auto Error = [&](const char *, const Twine &Msg) {
      Why = Msg.str();
      return false;
    };
    if (!checkEvent(E.get_object(), Error, RE))
      return false;
    Events.push_back(std::move(RE));
  }
  Out = std::move(Events);
  return true;
}

/// Field Name of E, or null when E has none.
static llvm::Optional<json::value> fieldOf(const RuntimeEvent &E,
                                           StringRef Name) {
  json::error_code EC;
  json::value V = parseJSONExact(E.JSON, EC);
  if (EC || !V.is_object())
    return llvm::None;
  if (const json::value *F =
          V.get_object().if_contains(json::string_view(Name.data(), Name.size())))
    return *F;
  return llvm::None;
}

llvm::Optional<int64_t> dsocr::eventInteger(const RuntimeEvent &E,
                                            StringRef Name) {
  llvm::Optional<json::value> F = fieldOf(E, Name);
  if (F && F->is_int64())
    return F->get_int64();
  if (F && F->is_uint64() && F->get_uint64() <= uint64_t(INT64_MAX))
    return int64_t(F->get_uint64());
  return llvm::None;
}

llvm::Optional<std::string> dsocr::eventFieldText(const RuntimeEvent &E,
                                                  StringRef Name) {
  llvm::Optional<json::value> F = fieldOf(E, Name);
  if (!F)
    return llvm::None;
  if (F->is_string())
    return std::string(F->get_string());
  return canonicalJSON(*F);
}

std::string dsocr::describeRuntimeEvent(const RuntimeEvent &E) {
  std::string Out = E.Kind;
  if (!E.Module.empty())
    Out += " (" + E.Module + ")";
  json::error_code EC;
  json::value V = parseJSONExact(E.JSON, EC);
  std::string Fields;
  if (!EC && V.is_object())
    for (const json::key_value_pair &KV : V.get_object()) {
      if (KV.key() == "kind" || KV.key() == "module")
        continue;
      Fields += (Fields.empty() ? "" : ", ") + std::string(KV.key()) + "=" +
                (KV.value().is_string() ? std::string(KV.value().get_string())
                                        : canonicalJSON(KV.value()));
    }
  return Fields.empty() ? Out : Out + ": " + Fields;
}
