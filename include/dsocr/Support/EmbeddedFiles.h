//===- EmbeddedFiles.h - Data files built into the binary -------*- C++ -*-===//
//
// Built-in profiles and model descriptions are JSON files embedded at build
// time by dsocr_embed_files (cmake/EmbedFiles.cmake), which writes an array
// of EmbeddedFile. An EmbeddedFiles table looks them up by name, and opens
// an input given as a built-in name or as a path as a buffer of
// Diagnostics, so that errors in it point at its lines.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_EMBEDDEDFILES_H
#define DSOCR_SUPPORT_EMBEDDEDFILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class Diagnostics;

/// One embedded file: its name (the file name without extension) and text.
struct EmbeddedFile {
  const char *Name;
  const char *Text;
};

class EmbeddedFiles {
public:
  /// Kind names the files in messages (`profile`, `model`).
  constexpr EmbeddedFiles(llvm::ArrayRef<EmbeddedFile> Files,
                          llvm::StringRef Kind)
      : Files(Files), Kind(Kind) {}

  /// The names, in the order the files were embedded.
  std::vector<std::string> names() const;
  /// The text of the file named Name, or empty if there is none.
  llvm::StringRef text(llvm::StringRef Name) const;

  /// The embedded file named NameOrPath, or else the file at that path
  /// (`-` for standard input when AllowStdin), added to Diags. When neither
  /// exists the error lists the built-in names. A file (or stream) over
  /// 64 MiB is refused (see InputFile.h). Returns null after an error.
  const llvm::MemoryBuffer *open(llvm::StringRef NameOrPath, bool AllowStdin,
                                 Diagnostics &Diags) const;

private:
  llvm::ArrayRef<EmbeddedFile> Files;
  llvm::StringRef Kind;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_EMBEDDEDFILES_H
