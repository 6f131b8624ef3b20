//===- InputFile.h - Whole inputs, read within a size limit -----*- C++ -*-===//
//
// An input is read whole into memory, and no input may make the tool read
// without bound: a regular file is sized first and refused before it is
// mapped; anything else (standard input, a FIFO, a character or block
// device such as /dev/zero, a file of /proc that claims size 0) is read as
// a stream, in chunks, and refused as soon as it has given more than its
// limit. The two kinds have their own limits: a mapped file costs address
// space and page cache, a stream costs heap memory that is copied in.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_INPUTFILE_H
#define DSOCR_SUPPORT_INPUTFILE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

struct InputLimits {
  /// Regular files (by size, before they are mapped).
  uint64_t FileBytes;
  /// Streams (counted as they are read).
  uint64_t StreamBytes;
};

/// Why an input could not be read.
struct InputError {
  enum Kind {
    /// Cannot be opened or read; Reason is the system's message
    /// (`No such file or directory`, `Permission denied`).
    Unreadable,
    /// A directory; Reason is `it is a directory`.
    Directory,
    /// Over its limit; Reason continues the input's name: `is 123 bytes,
    /// larger than the limit of 100 bytes`, or `(a character device, read
    /// as a stream) is larger than the limit of 100 bytes`.
    TooLarge,
  };
  Kind K = Unreadable;
  std::string Reason;
};

/// Reads Path whole (`-`: standard input; a regular file redirected to
/// standard input counts as a file). Returns null with Error set on
/// failure. The buffer is named Path (`<stdin>` for `-`) and need not be
/// null-terminated.
std::unique_ptr<llvm::MemoryBuffer> readInputFile(llvm::StringRef Path,
                                                  const InputLimits &Limits,
                                                  InputError &Error);

} // namespace dsocr

#endif // DSOCR_SUPPORT_INPUTFILE_H
