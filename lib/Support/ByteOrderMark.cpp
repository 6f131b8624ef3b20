//===- ByteOrderMark.cpp - Byte-order marks at the start of inputs --------===//
//
// Recognises the byte-order marks of UTF-8, UTF-16 and UTF-32.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/ByteOrderMark.h"

using namespace dsocr;
using llvm::StringRef;

size_t dsocr::utf8ByteOrderMarkLength(StringRef Text) {
  return Text.startswith("\xEF\xBB\xBF") ? 3 : 0;
}

StringRef dsocr::unsupportedByteOrderMark(StringRef Text) {
  // UTF-32 first: its little-endian mark starts with UTF-16's.
  if (Text.startswith(StringRef("\x00\x00\xFE\xFF", 4)))
    return "the file starts with a UTF-32 (big-endian) byte-order mark: "
           "inputs must be UTF-8";
  if (Text.startswith(StringRef("\xFF\xFE\x00\x00", 4)))
    return "the file starts with a UTF-32 (little-endian) byte-order mark: "
           "inputs must be UTF-8";
  if (Text.startswith("\xFE\xFF"))
    return "the file starts with a UTF-16 (big-endian) byte-order mark: "
           "inputs must be UTF-8";
  if (Text.startswith("\xFF\xFE"))
    return "the file starts with a UTF-16 (little-endian) byte-order mark: "
           "inputs must be UTF-8";
  return "";
}
