//===- Diagnostics.h - LLVM-style file:line:col diagnostics -----*- C++ -*-===//
//
// Every input buffer (trace, IR file, profile) is registered with one
// Diagnostics object; an error at a pointer into any of them prints as
// `file:line:col: error: message`, followed by the source line (a window of it
// when the line is long, as in a minified JSON file) and a caret. Errors
// without a location print as `dsocr-opt: error: message`.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_DIAGNOSTICS_H
#define DSOCR_SUPPORT_DIAGNOSTICS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

enum class DiagKind { Error, Warning, Note };

/// A resolved source position: 1-based line and column (in bytes).
struct SourcePosition {
  llvm::StringRef BufferName;
  uint64_t Line = 0;
  uint64_t Column = 0;
};

class Diagnostics {
public:
  Diagnostics(llvm::raw_ostream &OS, llvm::StringRef ProgramName);
  ~Diagnostics();

  /// Takes ownership of Buffer; Name is what diagnostics call it.
  /// Returns the buffer, which stays valid as long as this object.
  const llvm::MemoryBuffer *
  addBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer, llvm::StringRef Name);

  void error(const char *Loc, const llvm::Twine &Message) {
    report(DiagKind::Error, Loc, Message);
  }
  void warning(const char *Loc, const llvm::Twine &Message) {
    report(DiagKind::Warning, Loc, Message);
  }
  void note(const char *Loc, const llvm::Twine &Message) {
    report(DiagKind::Note, Loc, Message);
  }
  /// Loc may be null, or point into (or one past the end of) a registered
  /// buffer.
  void report(DiagKind Kind, const char *Loc, const llvm::Twine &Message);

  unsigned errorCount() const { return Errors; }
  bool hadError() const { return Errors != 0; }

  /// Line and column of Loc, or a position with Line == 0 if Loc is not in a
  /// registered buffer.
  SourcePosition resolve(const char *Loc) const;

  llvm::StringRef programName() const { return ProgramName; }
  llvm::raw_ostream &stream() { return OS; }

private:
  struct Buffer {
    std::unique_ptr<llvm::MemoryBuffer> Data;
    std::string Name;
  };
  llvm::raw_ostream &OS;
  std::string ProgramName;
  std::vector<Buffer> Buffers;
  unsigned Errors = 0;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_DIAGNOSTICS_H
