//===- ByteOrderMark.h - Byte-order marks at the start of inputs -*- C++ -*-===//
//
// Inputs (traces, IR, profiles) are UTF-8. A UTF-8 byte-order mark
// (EF BB BF), which some editors write, is skipped, as RFC 8259 allows; a
// UTF-16 or UTF-32 mark names an encoding the tools do not read, and is
// reported as such rather than as invalid text.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_BYTEORDERMARK_H
#define DSOCR_SUPPORT_BYTEORDERMARK_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>

namespace dsocr {

/// The length of the UTF-8 byte-order mark Text starts with: 3, or 0.
size_t utf8ByteOrderMarkLength(llvm::StringRef Text);

/// If Text starts with a UTF-16 or UTF-32 byte-order mark, the error to
/// report (naming the encoding); else an empty string.
llvm::StringRef unsupportedByteOrderMark(llvm::StringRef Text);

} // namespace dsocr

#endif // DSOCR_SUPPORT_BYTEORDERMARK_H
