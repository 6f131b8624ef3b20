//===- CanonicalJSON.h - One spelling for every JSON value ------*- C++ -*-===//
//
// Metadata values (constructor parameters, tensor metadata) are kept as JSON
// text in the IR. To make output independent of the key order of the input,
// they are stored in one canonical spelling: compact, object keys sorted
// bytewise, integers in decimal, doubles in their shortest round-trip form
// (negative zero as -0.0, infinities and NaN as null).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_CANONICALJSON_H
#define DSOCR_SUPPORT_CANONICALJSON_H

#include "llvm/ADT/StringRef.h"

#include <boost/json/error.hpp>
#include <boost/json/fwd.hpp>

#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

/// Writes V in canonical form.
void writeCanonicalJSON(llvm::raw_ostream &OS, const boost::json::value &V);
std::string canonicalJSON(const boost::json::value &V);

/// Writes S as a JSON string literal (quotes and escapes included).
void writeJSONString(llvm::raw_ostream &OS, llvm::StringRef S);

/// Parses Text, which must hold one JSON value (surrounding whitespace
/// allowed), at most 64 levels deep. Doubles are read correctly rounded,
/// so the canonical spelling of a parsed value parses back to the same
/// value (Boost.JSON 1.81's json::parse may be one unit in the last place
/// off). On failure sets EC and returns null.
boost::json::value parseJSONExact(llvm::StringRef Text,
                                  boost::json::error_code &EC);

/// The correctly rounded double spelled by the JSON number Text, or
/// Approximate when Text is not one (or is out of range).
double exactDouble(llvm::StringRef Text, double Approximate);

/// Parses one JSON value at the start of Text (trailing text is allowed).
/// Doubles are read as by parseJSONExact. On success sets Value and Consumed; on failure sets ErrorOffset and
/// Message.
bool parseJSONPrefix(llvm::StringRef Text, boost::json::value &Value,
                     size_t &Consumed, size_t &ErrorOffset,
                     std::string &Message);

} // namespace dsocr

#endif // DSOCR_SUPPORT_CANONICALJSON_H
