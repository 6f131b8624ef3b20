//===- IRParserBase.h - Tokens and values of the textual IR -----*- C++ -*-===//
//
// The lower half of the IR parser (private to lib/IR): tokens, positions,
// errors, and the values attributes take (integers, strings, addresses,
// index sets, lists, JSON), as MLIR's AsmParser `Parser` is the base of its
// dialect parsers. The node-attribute table (NodeAttributes.cpp) parses
// values through it; IRParser.cpp adds the structure (forms, nodes,
// blocks).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_LIB_IR_IRPARSERBASE_H
#define DSOCR_LIB_IR_IRPARSERBASE_H

#include "dsocr/Support/Address.h"
#include "dsocr/Support/IndexSet.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

#include <boost/json/fwd.hpp>

#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class CallGraph;
class Diagnostics;

enum class IRToken {
  Eof,
  Ident,  // letters, digits, `_`, starting with a letter or `_`
  Word,   // starts with a digit: `12`, `3/2`
  String, // "..."
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Equal,
  Colon,
  Comma,
  Error
};

/// What a JSON attribute value must be.
enum class JSONShape {
  Object,        // constructor parameters, metadata summaries
  Array,         // stage totals
  TensorMetadata // inputs and outputs: an array of per-call tensor metadata
};

class IRParserBase {
public:
  IRParserBase(const llvm::MemoryBuffer &Buf, CallGraph &G, Diagnostics &Diags);

  CallGraph &graph() { return G; }
  /// Where the next token starts, once blank space is skipped.
  const char *loc() const { return Cur; }

  // --- Tokens ---
  /// Skips blank space, newlines and `//` comments.
  void skipSpace();
  /// The kind of the next token, after skipSpace (which may cross lines).
  IRToken peek();
  /// Whether attributes end here: only blanks, then a newline, a `//`
  /// comment, `{`, `}` or the end of the file. Never moves.
  bool atLineEnd() const;
  /// Consumes one punctuation character (the token peek() just saw).
  void consume() { ++Cur; }
  bool atKeyword(llvm::StringRef KW);
  /// Letters, digits, `_` and `/` from the current position.
  llvm::StringRef lexWord();
  /// Consumes C after blank space, or reports "expected What".
  bool expect(char C, const llvm::Twine &What);
  bool error(const char *Loc, const llvm::Twine &Msg);

  // --- Values ---
  bool parseUInt(llvm::StringRef Attr, uint64_t &V);
  /// parseUInt, and V must be at least Min.
  bool parseUIntAtLeast(llvm::StringRef Attr, uint64_t Min, uint64_t &V);
  bool parseString(std::string &S);
  /// A string holding an address whose escapes are well formed and, without
  /// AllowPatterns, that names one module.
  bool parseAddress(std::string &S, bool AllowPatterns);
  bool parseBool(bool &B);
  /// `decimal`, `lower` or `upper` (how a family's members are indexed).
  bool parseIndexStyleValue(IndexStyle &S);
  bool parseIndexSet(IndexSet &S);
  /// One JSON value, stored in canonical form in Out (and, if Value is
  /// given, also parsed there).
  bool parseJSON(std::string &Out, JSONShape Shape,
                 boost::json::value *Value = nullptr);
  /// `runtime_events=` of the trace line or the root: a JSON list of
  /// events, into the graph.
  bool parseRuntimeEvents();

  // --- Lists and attributes ---
  /// `[` element (`,` element)* `]` or `[]`, as MLIR's
  /// parseCommaSeparatedList: ParseElement reads one element. What names
  /// the list in messages ("a list of strings").
  bool parseCommaSeparatedList(const llvm::Twine &What,
                               llvm::function_ref<bool()> ParseElement);
  bool parseStringList(std::vector<std::string> &List);
  bool parseIndexSetList(std::vector<IndexSet> &List);
  /// `name=value` pairs up to the end of the line. For each it rejects a
  /// name seen before (Seen collects them), skips to the value and calls
  /// ParseValue(Name, NameLoc), which reads the value or reports.
  bool parseAttributes(
      llvm::StringSet<> &Seen,
      llvm::function_ref<bool(llvm::StringRef Name, const char *NameLoc)>
          ParseValue);
  /// Reads `name=`; Name is empty at the end of the line.
  bool parseAttrName(llvm::StringRef &Name, const char *&Loc);

protected:
  bool lexString(std::string &Out);

  const char *Cur;
  const char *End;
  CallGraph &G;
  Diagnostics &Diags;
};

} // namespace dsocr

#endif // DSOCR_LIB_IR_IRPARSERBASE_H
