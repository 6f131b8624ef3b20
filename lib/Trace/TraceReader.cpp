//===- TraceReader.cpp - Reading TorchLens call-graph JSON ----------------===//
//
// A Boost.JSON basic_parser handler that is a small state machine over the
// trace's shape:
//
//   depth 1  top-level keys: the sections (call_counts, edges, ...)
//   depth 2  one entry per module (or per edge)
//   depth 3  a module_children list, or metadata captured as a small DOM
//
// Unknown top-level keys are skipped whatever they hold. Positions come from
// the string views Boost hands over, which point into the input buffer; the
// few events without one (the start of an object or array, a literal) are
// located from where the parser stopped.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Statistic.h" // first: enables STATISTIC

#include "dsocr/Trace/TraceReader.h"

#include "TorchLensBuilder.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/Metadata.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Support/Address.h"
#include "dsocr/Support/ByteOrderMark.h"
#include "dsocr/Support/CanonicalJSON.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/LargeMemory.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <string>


#define DEBUG_TYPE "read-trace"

STATISTIC(NumModulesRead, "Number of modules in the trace");
STATISTIC(NumBytesRead, "Number of bytes of JSON read");
STATISTIC(NumLookups, "Number of module lookups");
STATISTIC(NumIndexLookups,
          "Number of lookups of known modules no guess answered");

using namespace dsocr;
namespace json = boost::json;
using llvm::StringRef;

namespace {

/// How far apart the reader releases the input it has read and maps the
/// input it will read (see TraceHandler::releaseReadPages).
constexpr size_t ReleaseStep = 8u << 20;

enum class Section {
  Unknown,
  CallCounts,
  OpCounts,
  Edges,
  Classes,
  Children,
  Params,
  Inputs,
  Outputs,
  RuntimeEvents, // read after the document, with positions (see finish)
  NumSections
};

/// Sections whose value the streaming handler does not look into.
bool isSkipped(Section S) {
  return S == Section::Unknown || S == Section::RuntimeEvents;
}

Section sectionFor(StringRef Key) {
  return llvm::StringSwitch<Section>(Key)
      .Case("call_counts", Section::CallCounts)
      .Case("op_call_counts", Section::OpCounts)
      .Case("edges", Section::Edges)
      .Case("module_classes", Section::Classes)
      .Case("module_types", Section::Classes)
      .Case("module_children", Section::Children)
      .Case("constructor_params", Section::Params)
      .Case("input_metadata", Section::Inputs)
      .Case("output_metadata", Section::Outputs)
      .Case("runtime_events", Section::RuntimeEvents)
      .Default(Section::Unknown);
}

class TraceHandler {
public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  TraceHandler(CallGraph &G, Diagnostics &Diags, const char *Begin,
               const char *End)
      : G(G), Builder(G, Diags), Diags(Diags), Begin(Begin), End(End) {}

  /// Lets the handler give back the pages of the input it has read (see
  /// releaseReadPages). Only for a buffer mapped from a file: its pages come
  /// back from the file if a diagnostic needs them again.
  void enableReleasingReadPages() { ReleasedUpTo = Begin; }

  // The failure the handler found, if any: message and location (null if
  // only the parser's stopping point is known).
  bool failed() const { return !FailMessage.empty(); }
  const std::string &failMessage() const { return FailMessage; }
  const char *failLoc() const { return FailLoc; }
  bool builderFailed() const { return BuilderFailed; }
  /// Lets the builder defer facts whose text is in the input.
  void enableBatching() { Builder.enableBatching(); }
  /// Records the facts the builder deferred; false after reporting an error.
  bool flushBuilder() { return Builder.flush(); }

  /// Checks done after the whole document was read.
  bool finish(const char *DocLoc);
  uint64_t lookups() const { return Builder.lookups(); }
  uint64_t indexLookups() const { return Builder.indexLookups(); }

  bool on_document_begin(json::error_code &) { return true; }
  bool on_document_end(json::error_code &) { return true; }

  bool on_object_begin(json::error_code &EC);
  bool on_object_end(std::size_t N, json::error_code &EC) {
    return leaveContainer(/*IsObject=*/true, N, EC);
  }
  bool on_array_begin(json::error_code &EC);
  bool on_array_end(std::size_t N, json::error_code &EC) {
    return leaveContainer(/*IsObject=*/false, N, EC);
  }

  bool on_key_part(json::string_view S, std::size_t, json::error_code &EC) {
    return keyPart(S, EC);
  }
  bool on_key(json::string_view S, std::size_t, json::error_code &EC);
  bool on_string_part(json::string_view S, std::size_t, json::error_code &EC) {
    return stringPart(S, EC);
  }
  bool on_string(json::string_view S, std::size_t, json::error_code &EC);
  bool on_number_part(json::string_view S, json::error_code &) {
    if (!NumberLoc)
      NumberLoc = locate(S.data());
    return true;
  }
  bool on_int64(int64_t V, json::string_view S, json::error_code &EC);
  bool on_uint64(uint64_t V, json::string_view S, json::error_code &EC);
  bool on_double(double V, json::string_view S, json::error_code &EC);
  bool on_bool(bool V, json::error_code &EC);
  bool on_null(json::error_code &EC);
  bool on_comment_part(json::string_view, json::error_code &) { return true; }
  bool on_comment(json::string_view, json::error_code &) { return true; }

private:
  /// Where the value being read sits; null if unknown.
  const char *locate(const char *P) const {
    return P >= Begin && P <= End ? P : nullptr;
  }
  bool fail(const char *Loc, std::string Message, json::error_code &EC) {
    FailMessage = std::move(Message);
    FailLoc = Loc;
    EC = json::error::test_failure;
    return false;
  }
  bool builderFail(json::error_code &EC) {
    BuilderFailed = true;
    FailMessage = "(reported)";
    EC = json::error::test_failure;
    return false;
  }
  /// Called with the parser's position: drops the input's pages well
  /// behind it from memory every so often, so that peak memory is the graph,
  /// not the graph plus the whole input.
  void releaseReadPages(const char *P) {
    if (ReleasedUpTo && P - ReleasedUpTo > ptrdiff_t(ReleaseStep) &&
        P >= Begin && P <= End)
      releaseRange(P - ReleaseStep / 2);
  }
  void releaseRange(const char *Until);

  /// The first character of the value after the key whose opening quote
  /// is at KeyQuote (past the key, blank space and `:`), or null.
  const char *valueAfterKey(const char *KeyQuote) const;
  bool keyPart(json::string_view S, json::error_code &EC);
  bool stringPart(json::string_view S, json::error_code &EC);
  /// The name of the current section, for messages.
  std::string sectionName() const { return SectionKey; }
  std::string entryWhat() const {
    return "'" + SectionKey + "' entry '" + Key.str() + "'";
  }
  /// A scalar or container at the value position of a section entry that
  /// the section does not accept.
  bool wrongEntryValue(const char *Loc, const char *Found,
                       json::error_code &EC);
  /// A value directly under a top-level key that is not an object.
  bool wrongSectionValue(const char *Loc, const char *Found,
                         json::error_code &EC);
  /// A value where the trace's shape has no room for it, by depth: the
  /// whole document (TopFound names its kind), a section (accepted in an
  /// unknown one), a section entry, or a child in a module_children list.
  bool misplacedValue(const char *Loc, const char *TopFound, const char *Found,
                      json::error_code &EC);
  /// Counts the start of a container that is captured or skipped; false
  /// if the event is to be handled.
  bool enterIgnored();
  bool leaveContainer(bool IsObject, std::size_t N, json::error_code &EC);
  bool count(const char *Loc, uint64_t V, json::error_code &EC);
  bool startCapture();
  bool endCapture(json::error_code &EC);

  CallGraph &G;
  TorchLensBuilder Builder;
  Diagnostics &Diags;
  const char *Begin;
  const char *End;
  const char *ReleasedUpTo = nullptr; // null: keep the input's pages

  unsigned Depth = 0;
  Section Sec = Section::Unknown;
  std::string SectionKey;
  bool ClassesFromTypes = false;
  bool SectionSeen[unsigned(Section::NumSections)] = {};
  /// Where the value of `runtime_events` starts, once its key is read.
  const char *RuntimeEventsLoc = nullptr;
  llvm::StringSet<> TopKeys; // every top-level key so far
  /// Skipping the value of an unknown top-level key: events are ignored
  /// while Depth >= SkipDepth.
  unsigned SkipDepth = 0;

  /// The current key: the input's own text when it has no escapes and is
  /// not split, else KeyBuf.
  StringRef Key;
  std::string KeyBuf;
  std::string EscapedBuf; // a key or child name with its pattern syntax escaped
  const char *KeyLoc = nullptr;
  bool KeyVerbatim = true;
  bool KeyStarted = false;

  std::string Str;
  const char *StrLoc = nullptr;
  bool StrStarted = false;

  const char *NumberLoc = nullptr;

  bool Capturing = false;
  unsigned CaptureDepth = 0;
  Section CaptureSection = Section::Unknown;
  json::value_stack Stack;

  std::string FailMessage;
  const char *FailLoc = nullptr;
  bool BuilderFailed = false;
};

} // namespace

void TraceHandler::releaseRange(const char *Until) {
  dsocr::releaseReadPages(ReleasedUpTo, size_t(Until - ReleasedUpTo));
  ReleasedUpTo = Until;
  // And map the input ahead of the parser, on another core.
  const char *AheadFrom = Until + ReleaseStep;
  if (AheadFrom < End)
    prefaultReadAsync(AheadFrom,
                      std::min<size_t>(ReleaseStep, End - AheadFrom));
}

const char *TraceHandler::valueAfterKey(const char *KeyQuote) const {
  if (!KeyQuote)
    return nullptr;
  const char *P = KeyQuote + 1;
  while (P < End && *P != '"')
    P += *P == '\\' ? 2 : 1;
  for (++P; P < End && (*P == ' ' || *P == '\t' || *P == '\n' ||
                        *P == '\r' || *P == ':');
       ++P)
    ;
  return P < End ? P : nullptr;
}

bool TraceHandler::keyPart(json::string_view S, json::error_code &) {
  if (Capturing) {
    Stack.push_chars(S);
    return true;
  }
  if (!KeyStarted) {
    KeyStarted = true;
    KeyBuf.clear();
    const char *P = locate(S.data());
    // The opening quote precedes the first character of the key.
    KeyLoc = P ? P - 1 : nullptr;
    KeyVerbatim = false; // split or escaped
  }
  KeyBuf.append(S.data(), S.size());
  return true;
}

bool TraceHandler::on_key(json::string_view S, std::size_t,
                          json::error_code &EC) {
  releaseReadPages(S.data());
  if (Capturing) {
    Stack.push_key(S);
    return true;
  }
  if (!KeyStarted) {
    const char *P = locate(S.data());
    KeyLoc = P ? P - 1 : nullptr;
    KeyVerbatim = P != nullptr;
    if (KeyVerbatim) {
      Key = StringRef(S.data(), S.size());
    } else {
      KeyBuf.assign(S.data(), S.size());
      Key = KeyBuf;
    }
  } else {
    KeyBuf.append(S.data(), S.size());
    Key = KeyBuf;
  }
  KeyStarted = false;
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  if (Depth == 2 && hasPatternSyntax(Key)) {
    // A module's own name with pattern syntax: its address is escaped.
    EscapedBuf = escapeName(Key);
    Key = EscapedBuf;
    KeyVerbatim = false;
  }
  if (Depth == 1) {
    if (!TopKeys.insert(Key).second)
      return fail(KeyLoc, "duplicate top-level key '" + Key.str() + "'", EC);
    Sec = sectionFor(Key);
    SectionKey = Key.str();
    ClassesFromTypes = Key == "module_types";
    if (Sec == Section::Unknown)
      G.ignoredKeys().push_back(Key.str());
    else
      SectionSeen[unsigned(Sec)] = true;
    if (Sec == Section::RuntimeEvents)
      RuntimeEventsLoc = valueAfterKey(KeyLoc);
  }
  return true;
}

bool TraceHandler::stringPart(json::string_view S, json::error_code &) {
  if (Capturing) {
    Stack.push_chars(S);
    return true;
  }
  if (!StrStarted) {
    StrStarted = true;
    Str.clear();
    const char *P = locate(S.data());
    StrLoc = P ? P - 1 : nullptr;
  }
  Str.append(S.data(), S.size());
  return true;
}

bool TraceHandler::wrongEntryValue(const char *Loc, const char *Found,
                                   json::error_code &EC) {
  const char *Want = "";
  switch (Sec) {
  case Section::CallCounts:
  case Section::OpCounts:
  case Section::Edges:
    Want = "a non-negative integer count";
    break;
  case Section::Classes:
    Want = "a class name (a string)";
    break;
  case Section::Children:
    Want = "a list of child addresses";
    break;
  case Section::Params:
    Want = "an object of constructor parameters";
    break;
  case Section::Inputs:
  case Section::Outputs:
    Want = "a list with one entry per call";
    break;
  case Section::Unknown:
  case Section::RuntimeEvents:
  case Section::NumSections:
    break;
  }
  return fail(Loc, entryWhat() + " must be " + Want + ", not " + Found, EC);
}

bool TraceHandler::wrongSectionValue(const char *Loc, const char *Found,
                                     json::error_code &EC) {
  return fail(Loc, "'" + SectionKey + "' must be an object, not " + Found, EC);
}

bool TraceHandler::misplacedValue(const char *Loc, const char *TopFound,
                                  const char *Found, json::error_code &EC) {
  switch (Depth) {
  case 0:
    return fail(Loc,
                std::string("expected a JSON object at the top level (a "
                            "TorchLens call-graph trace), not ") +
                    TopFound,
                EC);
  case 1:
    if (isSkipped(Sec))
      return true;
    return wrongSectionValue(Loc, Found, EC);
  case 2:
    return wrongEntryValue(Loc, Found, EC);
  default:
    return fail(Loc,
                "the children of '" + Key.str() + "' must be strings, not " +
                    Found,
                EC);
  }
}

bool TraceHandler::count(const char *Loc, uint64_t V, json::error_code &EC) {
  if (V > MaxCount && (Sec == Section::CallCounts || Sec == Section::OpCounts ||
                       Sec == Section::Edges))
    return fail(
        Loc, entryWhat() + " is " + std::to_string(V) + ", larger than 2^63-1",
        EC);
  bool OK = true;
  switch (Sec) {
  case Section::CallCounts:
    OK = Builder.setCalls(Key, KeyLoc, V, KeyVerbatim);
    break;
  case Section::OpCounts:
    OK = Builder.setOps(Key, KeyLoc, V, KeyVerbatim);
    break;
  case Section::Edges:
    OK = Builder.addEdge(Key, KeyLoc, KeyVerbatim, V);
    break;
  default:
    return wrongEntryValue(Loc, "a number", EC);
  }
  return OK ? true : builderFail(EC);
}

bool TraceHandler::startCapture() {
  Capturing = true;
  CaptureDepth = Depth; // depth of the captured container
  CaptureSection = Sec;
  Stack.reset();
  return true;
}

bool TraceHandler::endCapture(json::error_code &EC) {
  json::value V = Stack.release();
  Capturing = false;
  std::string Why;
  if (CaptureSection != Section::Params && !validateTensorMetadata(V, Why))
    return fail(KeyLoc, entryWhat() + " is not valid tensor metadata: " + Why,
                EC);
  MetadataField F = CaptureSection == Section::Params ? MetadataField::Params
                    : CaptureSection == Section::Inputs
                        ? MetadataField::Inputs
                        : MetadataField::Outputs;
  if (!Builder.setMetadata(Key, KeyLoc, F, canonicalJSON(V)))
    return builderFail(EC);
  return true;
}

bool TraceHandler::enterIgnored() {
  if (!Capturing && !(SkipDepth && Depth >= SkipDepth))
    return false;
  ++Depth;
  return true;
}

bool TraceHandler::leaveContainer(bool IsObject, std::size_t N,
                                  json::error_code &EC) {
  --Depth;
  if (Capturing) {
    if (IsObject)
      Stack.push_object(N);
    else
      Stack.push_array(N);
    if (Depth + 1 == CaptureDepth)
      return endCapture(EC);
    return true;
  }
  if (SkipDepth && Depth == SkipDepth - 1)
    SkipDepth = 0;
  return true;
}

bool TraceHandler::on_object_begin(json::error_code &EC) {
  // The parser stopped right at `{` if we fail here; FailLoc stays null.
  if (enterIgnored())
    return true;
  switch (Depth) {
  case 0:
    break;
  case 1:
    if (isSkipped(Sec))
      SkipDepth = 2;
    break;
  case 2:
    if (Sec != Section::Params)
      return wrongEntryValue(nullptr, "an object", EC);
    ++Depth;
    return startCapture();
  default:
    return misplacedValue(nullptr, nullptr, "an object", EC);
  }
  ++Depth;
  return true;
}

bool TraceHandler::on_array_begin(json::error_code &EC) {
  if (enterIgnored())
    return true;
  switch (Depth) {
  case 0:
    return misplacedValue(nullptr, "an array", nullptr, EC);
  case 1:
    if (isSkipped(Sec)) {
      SkipDepth = 2;
      break;
    }
    return wrongSectionValue(nullptr, "an array", EC);
  case 2:
    if (Sec == Section::Children) {
      if (!Builder.beginStaticChildren(Key, KeyLoc))
        return builderFail(EC);
      break;
    }
    if (Sec == Section::Inputs || Sec == Section::Outputs) {
      ++Depth;
      return startCapture();
    }
    return wrongEntryValue(nullptr, "a list", EC);
  default:
    return misplacedValue(nullptr, nullptr, "a list", EC);
  }
  ++Depth;
  return true;
}

bool TraceHandler::on_string(json::string_view S, std::size_t,
                             json::error_code &EC) {
  if (Capturing) {
    Stack.push_string(S);
    return true;
  }
  // The whole string: the parser's view when it came in one piece (used
  // before the parser moves on), else the pieces gathered in Str.
  StringRef Whole;
  if (!StrStarted) {
    Whole = StringRef(S.data(), S.size());
    const char *P = locate(S.data());
    StrLoc = P ? P - 1 : nullptr;
  } else {
    Str.append(S.data(), S.size());
    Whole = Str;
  }
  StrStarted = false;
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  switch (Depth) {
  case 0:
  case 1:
    return misplacedValue(StrLoc, "a string", "a string", EC);
  case 2:
    if (Sec == Section::Classes) {
      // Only the input's own text (not an unescaped copy) may be deferred.
      bool Stable = KeyVerbatim && Whole.data() >= Begin &&
                    Whole.data() + Whole.size() <= End;
      if (!Builder.setClass(Key, KeyLoc, Whole, StrLoc, ClassesFromTypes,
                            Stable))
        return builderFail(EC);
      return true;
    }
    if (Sec == Section::CallCounts || Sec == Section::OpCounts ||
        Sec == Section::Edges)
      return fail(StrLoc,
                  entryWhat() + " must be a non-negative integer count, not "
                                "a string",
                  EC);
    return wrongEntryValue(StrLoc, "a string", EC);
  case 3:
    if (hasPatternSyntax(Whole)) {
      EscapedBuf = escapeName(Whole);
      Whole = EscapedBuf;
    }
    if (!Builder.addStaticChild(Whole, StrLoc))
      return builderFail(EC);
    return true;
  default:
    return true;
  }
}

bool TraceHandler::on_int64(int64_t V, json::string_view S,
                            json::error_code &EC) {
  const char *Loc = NumberLoc ? NumberLoc : locate(S.data());
  NumberLoc = nullptr;
  if (Capturing) {
    Stack.push_int64(V);
    return true;
  }
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  if (Depth == 2 && V < 0 &&
      (Sec == Section::CallCounts || Sec == Section::OpCounts ||
       Sec == Section::Edges))
    return fail(Loc,
                entryWhat() +
                    " must be a non-negative integer count, "
                    "not " +
                    std::to_string(V),
                EC);
  if (Depth == 2)
    return count(Loc, uint64_t(V), EC);
  return on_uint64(uint64_t(V), S, EC);
}

bool TraceHandler::on_uint64(uint64_t V, json::string_view S,
                             json::error_code &EC) {
  const char *Loc = NumberLoc ? NumberLoc : locate(S.data());
  NumberLoc = nullptr;
  if (Capturing) {
    Stack.push_uint64(V);
    return true;
  }
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  if (Depth == 2)
    return count(Loc, V, EC);
  return misplacedValue(Loc, "a number", "a number", EC);
}

bool TraceHandler::on_double(double V, json::string_view S,
                             json::error_code &EC) {
  const char *Loc = NumberLoc ? NumberLoc : locate(S.data());
  NumberLoc = nullptr;
  if (Capturing) {
    // The whole input is one buffer, so the number's text runs from its
    // first part to the end of the last; convert it correctly rounded.
    llvm::StringRef Text =
        Loc ? llvm::StringRef(Loc, S.data() + S.size() - Loc) : llvm::StringRef();
    Stack.push_double(exactDouble(Text, V));
    return true;
  }
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  if (Depth == 2 && (Sec == Section::CallCounts || Sec == Section::OpCounts ||
                     Sec == Section::Edges)) {
    // The number's text tells a fraction from an integer beyond 64 bits.
    std::string Text;
    if (Loc) {
      const char *P = Loc;
      while (P < End &&
             (std::isdigit(static_cast<unsigned char>(*P)) || *P == '-' ||
              *P == '+' || *P == '.' || *P == 'e' || *P == 'E'))
        ++P;
      Text.assign(Loc, P);
    }
    bool Negative = !Text.empty() ? Text[0] == '-' : V < 0;
    bool Fraction =
        Text.empty() || Text.find_first_of(".eE") != std::string::npos;
    std::string Shown = Text.size() > 40 ? Text.substr(0, 40) + "..." : Text;
    if (Negative)
      return fail(Loc,
                  entryWhat() +
                      " must be a non-negative integer count, "
                      "not " +
                      Shown,
                  EC);
    if (Fraction)
      return fail(Loc, entryWhat() + " must be a whole number, not " + Shown,
                  EC);
    return fail(
        Loc, entryWhat() + " is " + Shown + ", which does not fit in 64 bits",
        EC);
  }
  return misplacedValue(Loc, "a number", "a number", EC);
}

bool TraceHandler::on_bool(bool V, json::error_code &EC) {
  if (Capturing) {
    Stack.push_bool(V);
    return true;
  }
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  return misplacedValue(nullptr, "a boolean", V ? "true" : "false", EC);
}

bool TraceHandler::on_null(json::error_code &EC) {
  if (Capturing) {
    Stack.push_null();
    return true;
  }
  if (SkipDepth && Depth >= SkipDepth)
    return true;
  return misplacedValue(nullptr, "null", "null", EC);
}

bool TraceHandler::finish(const char *DocLoc) {
  if (!SectionSeen[unsigned(Section::CallCounts)]) {
    Diags.error(DocLoc, "the trace has no 'call_counts'");
    return false;
  }
  if (!SectionSeen[unsigned(Section::Edges)]) {
    Diags.error(DocLoc, "the trace has no 'edges'");
    return false;
  }
  if (!SectionSeen[unsigned(Section::Classes)]) {
    Diags.error(DocLoc,
                "the trace has no 'module_classes' (or 'module_types')");
    return false;
  }
  std::sort(G.ignoredKeys().begin(), G.ignoredKeys().end());
  if (!Builder.finish())
    return false;
  // The events are small: read them again, now with positions, so that a
  // malformed event is reported where it is.
  if (RuntimeEventsLoc) {
    std::unique_ptr<JValue> Events =
        parseLocatedJSONValue(RuntimeEventsLoc, End, Diags);
    if (!Events || !readRuntimeEvents(*Events, "'runtime_events'",
                                      G.runtimeEvents(), Diags))
      return false;
  }
  return true;
}

static std::string describeParseError(const json::error_code &EC) {
  if (EC == json::error::incomplete)
    return "unexpected end of file: the JSON is truncated";
  if (EC == json::error::too_deep)
    return "JSON nested deeper than " + std::to_string(MaxTraceNesting) +
           " levels";
  if (EC == json::error::exponent_overflow)
    return "number exponent out of range";
  if (EC == json::error::illegal_leading_surrogate ||
      EC == json::error::illegal_trailing_surrogate)
    return "invalid UTF-16 surrogate in a \\u escape";
  if (EC == json::error::expected_hex_digit)
    return "expected a hex digit in a \\u escape";
  if (EC == json::error::expected_utf16_escape)
    return "expected a \\u escape for the second half of a surrogate pair";
  return "invalid JSON: " + EC.message();
}

/// Explains a syntax error by the byte the parser stopped at.
static std::string explainSyntax(const char *Begin, const char *P,
                                 const char *End) {
  if (P >= End)
    return "unexpected end of file: the JSON is truncated";
  // Right after `\uD800`-`\uDBFF`, the parser wanted the low surrogate.
  if (P - Begin >= 6 && P[-6] == '\\' && (P[-5] == 'u' || P[-5] == 'U') &&
      (P[-4] == 'd' || P[-4] == 'D') &&
      llvm::StringRef("89abAB").contains(P[-3]))
    return "unpaired UTF-16 surrogate: a \\u escape of a high surrogate "
           "must be followed by one of a low surrogate";
  unsigned char C = *P;
  if (C == 0)
    return "invalid JSON: NUL byte";
  if (C >= 0x80)
    return "invalid UTF-8 in a string";
  if (C < 0x20) {
    static const char Hex[] = "0123456789abcdef";
    return std::string("invalid JSON: control character 0x") + Hex[C >> 4] +
           Hex[C & 15] + " (escape it in strings)";
  }
  return "invalid JSON: unexpected '" + std::string(1, char(C)) + "'";
}

bool dsocr::readTrace(const llvm::MemoryBuffer &Buffer, CallGraph &G,
                      Diagnostics &Diags) {
  const char *Begin = Buffer.getBufferStart();
  const char *End = Buffer.getBufferEnd();
  StringRef Text(Begin, End - Begin);
  if (StringRef Why = unsupportedByteOrderMark(Text); !Why.empty()) {
    Diags.error(Begin, Why);
    return false;
  }
  Begin += utf8ByteOrderMarkLength(Text);
  Text = StringRef(Begin, End - Begin);
  size_t First = Text.find_first_not_of(" \t\r\n");
  if (First == StringRef::npos) {
    Diags.error(Begin, Text.empty()
                           ? "empty file: expected a TorchLens call-graph "
                             "trace (a JSON object)"
                           : "the file holds only white space: expected a "
                             "TorchLens call-graph trace (a JSON object)");
    return false;
  }

  // TorchLens JSON takes about 250 bytes per module: leave some room.
  G.reserveModules(Text.size() / 200);
  json::parse_options Opts;
  Opts.max_depth = MaxTraceNesting;
  json::basic_parser<TraceHandler> Parser(Opts, G, Diags, Begin, End);
  Parser.handler().enableBatching();
  if (Buffer.getBufferKind() == llvm::MemoryBuffer::MemoryBuffer_MMap) {
    Parser.handler().enableReleasingReadPages();
    prefaultReadAsync(Begin, std::min<size_t>(Text.size(), 2 * ReleaseStep));
  }
  json::error_code EC;
  size_t N = Parser.write_some(false, Begin, Text.size(), EC);
  TraceHandler &H = Parser.handler();
  const char *Stop = Begin + std::min(N, Text.size());
  // Facts the builder deferred come before whatever stopped the parser.
  if (!H.builderFailed() && !H.flushBuilder())
    return false;
  if (H.failed()) {
    if (!H.builderFailed())
      Diags.error(H.failLoc() ? H.failLoc() : Stop, H.failMessage());
    return false;
  }
  if (EC) {
    std::string Msg = EC == json::error::syntax
                          ? explainSyntax(Begin, Stop, End)
                          : describeParseError(EC);
    Diags.error(Stop, Msg);
    return false;
  }
  if (N < Text.size()) {
    Diags.error(Stop, "unexpected text after the JSON object");
    return false;
  }
  if (!H.finish(Begin + First))
    return false;
  NumModulesRead += G.moduleCount();
  NumLookups += H.lookups();
  NumIndexLookups += H.indexLookups();
  NumBytesRead += Text.size();
  return true;
}
