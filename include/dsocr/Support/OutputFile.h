//===- OutputFile.h - One output destination, written right -----*- C++ -*-===//
//
// What LLVM's ToolOutputFile and FileOutputBuffer do, for one path: a
// regular file (or a name that does not exist yet) is written to a
// temporary file next to it and renamed over it only when complete, so it
// always holds either its old or its whole new content; anything else
// that exists (a character or block device such as /dev/null or /dev/full,
// a FIFO, a socket) is opened and written in place, never replaced,
// created or removed; /dev/stdout, /dev/stderr and /dev/fd/N write to that
// open descriptor; a symbolic link is followed to the file it names, which
// is replaced next to itself, so the link stays a link. `-` is standard
// output.
//
// The temporary file of a replacement has no name while it is written
// (O_TMPFILE, where the file system has it): a process killed even by
// SIGKILL leaves nothing behind. Elsewhere it is `FILE.tmp-XXXXXXXX`,
// removed on error and on the signals LLVM handles (SIGINT, SIGTERM...).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_OUTPUTFILE_H
#define DSOCR_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace llvm {
class raw_fd_ostream;
class raw_ostream;
} // namespace llvm

namespace dsocr {

class Diagnostics;

/// How a destination is written.
enum class OutputMode {
  /// `-`: standard output (llvm::outs()).
  StandardOutput,
  /// /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: a duplicate of
  /// that open descriptor, written at its offset (an append-mode `>>`
  /// redirection stays append-mode).
  Descriptor,
  /// An existing file that is not a regular file or a directory (a device,
  /// a FIFO, a socket), or a link that only the kernel can follow (under
  /// /proc): opened for writing and written directly.
  InPlace,
  /// A regular file, or a name that does not exist: a temporary file in the
  /// same folder, renamed over the file when complete.
  Replace,
};

/// Where and how a path given as an output is written.
struct OutputTarget {
  OutputMode Mode = OutputMode::Replace;
  /// The path as given (what messages name).
  std::string Path;
  /// InPlace: the path opened. Replace: the file created or replaced, with
  /// symbolic links followed (the link's own path when it is not a link).
  std::string File;
  /// Descriptor: the descriptor number.
  int Descriptor = -1;
  /// Replace: File exists (the new file gets its permissions and owner).
  bool Exists = false;
  unsigned Permissions = 0;
  unsigned Owner = 0, Group = 0;
};

/// Decides how Path is written, without creating, opening or changing
/// anything. Returns false with Error set (`it is a directory`, `Too many
/// levels of symbolic links`, ...) when it cannot be written at all.
bool resolveOutputPath(llvm::StringRef Path, OutputTarget &Out,
                       std::string &Error);

/// One destination being written: create() it, write to os(), then
/// commit() (or close() and keep() separately, as AtomicOutputSet does to
/// write several files before renaming any). Destroyed without keep(), a
/// replacement leaves the destination as it was and no temporary file.
class OutputFile {
public:
  /// Resolves and opens Path. Returns null after reporting
  /// `cannot write 'Path': ...`.
  static std::unique_ptr<OutputFile> create(llvm::StringRef Path,
                                            Diagnostics &Diags);
  /// Opens an already resolved target (a FIFO blocks here until it has a
  /// reader, as for any Unix tool). Returns null after reporting.
  static std::unique_ptr<OutputFile> create(const OutputTarget &Target,
                                            Diagnostics &Diags);
  ~OutputFile();
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;

  llvm::raw_fd_ostream &os();
  const OutputTarget &target() const { return Target; }
  /// True once a write has failed; the rest is not written. A long writer
  /// may stop early; close() reports the error.
  bool hasError() const;

  /// Flushes and closes. On a write error (`No space left on device` from
  /// /dev/full, a full disk, a closed pipe with SIGPIPE ignored) reports
  /// `cannot write 'Path': ...`, discards a temporary file and returns
  /// false. A replacement is complete but not in place yet.
  bool close(Diagnostics &Diags);
  /// Replace: renames the closed temporary file over the destination (the
  /// one step that makes the new content visible, atomically). Other modes:
  /// nothing to do. Returns false after reporting an error; the destination
  /// is then as it was and no temporary file is left.
  bool keep(Diagnostics &Diags);
  /// close() then keep().
  bool commit(Diagnostics &Diags) { return close(Diags) && keep(Diags); }
  /// Drops a replacement (no temporary file is left); a destination written
  /// in place keeps what was written.
  void discard();

  /// Replace: whether the temporary file has no name (O_TMPFILE).
  bool temporaryIsUnnamed() const { return Unnamed; }
  /// Tests: make replacements use named temporary files, as on file
  /// systems without O_TMPFILE (false), or the default (true).
  static void allowUnnamedTemporaries(bool Allow);

private:
  explicit OutputFile(const OutputTarget &T);
  bool open(Diagnostics &Diags);
  bool fail(Diagnostics &Diags, const std::string &Why);

  OutputTarget Target;
  int FD = -1;
  /// Replace: the temporary file's name (empty while it has none).
  std::string TempPath;
  bool Unnamed = false; // Replace: an O_TMPFILE file
  bool Closed = false, Kept = false;
  std::unique_ptr<llvm::raw_fd_ostream> Stream;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_OUTPUTFILE_H
