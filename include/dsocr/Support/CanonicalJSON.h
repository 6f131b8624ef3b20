//===- CanonicalJSON.h - One spelling for every JSON value ------*- C++ -*-===//
//
// Metadata values (constructor parameters, tensor metadata) are kept as JSON
// text in the IR. To make output independent of the key order of the input,
// they are stored in one canonical spelling: compact, object keys sorted
// bytewise, integers in decimal, doubles in their shortest round-trip form.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_CANONICALJSON_H
#define DSOCR_SUPPORT_CANONICALJSON_H

#include "llvm/ADT/StringRef.h"

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

/// Parses one JSON value at the start of Text (trailing text is allowed).
/// On success sets Value and Consumed; on failure sets ErrorOffset and
/// Message.
bool parseJSONPrefix(llvm::StringRef Text, boost::json::value &Value,
                     size_t &Consumed, size_t &ErrorOffset,
                     std::string &Message);

} // namespace dsocr

#endif // DSOCR_SUPPORT_CANONICALJSON_H
