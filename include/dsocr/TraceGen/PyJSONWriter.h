//===- PyJSONWriter.h - JSON as Python's json.dump writes it ----*- C++ -*-===//
//
// TorchLens traces are written by Python's json.dump(obj, f, indent=2):
// every value of a container on its own line, two spaces per level, `": "`
// after keys, empty containers as `{}` and `[]`, non-ASCII escaped as
// \uXXXX, no newline at the end. This writer produces the same bytes while
// streaming: nothing is kept but the nesting stack (and, while capturing,
// the captured members).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_PYJSONWRITER_H
#define DSOCR_TRACEGEN_PYJSONWRITER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class PyJSONWriter {
public:
  explicit PyJSONWriter(llvm::raw_ostream &OS);
  ~PyJSONWriter();
  PyJSONWriter(const PyJSONWriter &) = delete;
  PyJSONWriter &operator=(const PyJSONWriter &) = delete;

  void beginObject();
  void beginArray();
  /// Closes the innermost object or array.
  void end();
  /// Starts a member of the current object; the next call writes its value.
  void key(llvm::StringRef K);
  void value(int64_t V);
  void value(uint64_t V);
  void value(bool V);
  void value(llvm::StringRef S);
  void value(const char *S) { value(llvm::StringRef(S)); }
  /// Nesting depth (0 at the top level).
  unsigned depth() const { return unsigned(Stack.size()); }

  /// From now on, the members of the current object are kept instead of
  /// written, each as its text (`"key": value`, indented for this depth,
  /// without separator), until endCapture. Captures do not nest.
  void beginCapture();
  /// The members written since beginCapture, in order; writing goes to
  /// the stream again.
  std::vector<std::string> endCapture();
  /// The number of members captured so far.
  size_t capturedMembers() const { return MemberStarts.size(); }
  /// Writes a member kept by a capture into the current object.
  void writeMember(llvm::StringRef Text);

  /// Writes S as a JSON string the way Python's json module does
  /// (ensure_ascii: everything outside printable ASCII is escaped).
  static void writeString(llvm::raw_ostream &OS, llvm::StringRef S);

private:
  struct Level {
    bool IsObject;
    bool Empty = true;
    bool AfterKey = false;
  };
  void separate();
  void indent(unsigned Level);

  llvm::raw_ostream *OS;
  llvm::raw_ostream &Real;
  llvm::SmallVector<Level, 8> Stack;
  // While capturing: the depth whose members are kept, the text of the
  // members so far and where each starts.
  unsigned CaptureDepth = 0;
  std::string Captured;
  std::vector<size_t> MemberStarts;
  std::unique_ptr<llvm::raw_ostream> CaptureOS;
};

} // namespace dsocr

#endif // DSOCR_TRACEGEN_PYJSONWRITER_H
