//===- JSONOutput.h - What llvm::json::OStream does not do ------*- C++ -*-===//
//
// The grouped JSON is written with llvm::json::OStream (two-space
// indentation, LLVM's escaping). Two things no library gives are here: a
// stream that caps the indentation, so that the output of a deep tree stays
// linear in its size, and the layout of metadata values (canonical JSON
// text: sorted keys, doubles in their shortest round-trip form). The
// grouped JSON can also be written compact, for the HTML report.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_EMIT_JSONOUTPUT_H
#define DSOCR_EMIT_JSONOUTPUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <vector>

namespace llvm {
namespace json {
class OStream;
} // namespace json
} // namespace llvm

namespace dsocr {

class CallGraph;
struct EmitContext;

/// The grouped JSON of emitJSON, indented by Indent spaces a level (0: on
/// one line, as the HTML report inlines it).
void emitGroupedJSON(const CallGraph &G, const EmitContext &Ctx,
                     llvm::raw_ostream &OS, unsigned Indent);

/// Nesting levels beyond which the JSON is indented no further.
constexpr size_t MaxJSONIndentLevels = 32;

/// Forwards to OS, letting at most MaxIndent spaces follow a newline. In
/// JSON every newline is layout (strings hold no raw newline), so only
/// indentation is dropped.
class IndentCappingStream : public llvm::raw_ostream {
public:
  IndentCappingStream(llvm::raw_ostream &OS, size_t MaxIndent)
      : OS(OS), MaxIndent(MaxIndent) {}
  ~IndentCappingStream() override;

private:
  void write_impl(const char *Ptr, size_t Size) override;
  uint64_t current_pos() const override { return Pos; }

  llvm::raw_ostream &OS;
  size_t MaxIndent;
  /// Spaces written since the last newline, while only spaces followed it.
  size_t Spaces = 0;
  bool AtLineStart = false;
  uint64_t Pos = 0;
};

/// Writes a metadata value: objects with sorted keys one member per line,
/// arrays of scalars on one line, scalars in their canonical spelling.
void writeCanonicalValue(llvm::json::OStream &J, const boost::json::value &V);
/// Parses JSON text (doubles exactly) and writes it as writeCanonicalValue
/// does; null if it is malformed.
void writeCanonicalText(llvm::json::OStream &J, llvm::StringRef JSON);
/// An array of numbers on one line: `[0, 1, 2]`.
void writeInlineArray(llvm::json::OStream &J,
                      const std::vector<uint64_t> &Values);

} // namespace dsocr

#endif // DSOCR_EMIT_JSONOUTPUT_H
