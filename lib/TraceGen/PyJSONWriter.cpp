//===- PyJSONWriter.cpp - Streaming JSON as Python's json.dump writes it --===//
//
// Separators, indentation and Python's string escaping.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/PyJSONWriter.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>

using namespace dsocr;

PyJSONWriter::PyJSONWriter(llvm::raw_ostream &OS) : OS(&OS), Real(OS) {}

PyJSONWriter::~PyJSONWriter() = default;

void PyJSONWriter::indent(unsigned Level) { OS->indent(2 * Level); }

void PyJSONWriter::separate() {
  if (Stack.empty())
    return;
  Level &L = Stack.back();
  if (L.AfterKey) {
    L.AfterKey = false;
    return;
  }
  if (CaptureOS && Stack.size() == CaptureDepth) {
    // A member of the captured object starts: no separator yet, since its
    // place is chosen when it is written back.
    MemberStarts.push_back(Captured.size());
    return;
  }
  *OS << (L.Empty ? "\n" : ",\n");
  L.Empty = false;
  indent(unsigned(Stack.size()));
}

void PyJSONWriter::beginCapture() {
  assert(!CaptureOS && !Stack.empty() && Stack.back().IsObject &&
         "captures do not nest and keep members of an object");
  CaptureDepth = unsigned(Stack.size());
  Captured.clear();
  MemberStarts.clear();
  CaptureOS = std::make_unique<llvm::raw_string_ostream>(Captured);
  CaptureOS->SetUnbuffered();
  OS = CaptureOS.get();
}

std::vector<std::string> PyJSONWriter::endCapture() {
  CaptureOS.reset();
  OS = &Real;
  std::vector<std::string> Members;
  Members.reserve(MemberStarts.size());
  for (size_t I = 0; I < MemberStarts.size(); ++I) {
    size_t End =
        I + 1 < MemberStarts.size() ? MemberStarts[I + 1] : Captured.size();
    Members.push_back(Captured.substr(MemberStarts[I], End - MemberStarts[I]));
  }
  return Members;
}

void PyJSONWriter::writeMember(llvm::StringRef Text) {
  separate();
  *OS << Text;
}

void PyJSONWriter::beginObject() {
  separate();
  *OS << '{';
  Stack.push_back({true});
}

void PyJSONWriter::beginArray() {
  separate();
  *OS << '[';
  Stack.push_back({false});
}

void PyJSONWriter::end() {
  Level L = Stack.pop_back_val();
  if (!L.Empty) {
    *OS << '\n';
    indent(unsigned(Stack.size()));
  }
  *OS << (L.IsObject ? '}' : ']');
}

void PyJSONWriter::key(llvm::StringRef K) {
  separate();
  writeString(*OS, K);
  *OS << ": ";
  Stack.back().AfterKey = true;
}

void PyJSONWriter::value(int64_t V) {
  separate();
  *OS << V;
}

void PyJSONWriter::value(uint64_t V) {
  separate();
  *OS << V;
}

void PyJSONWriter::value(bool V) {
  separate();
  *OS << (V ? "true" : "false");
}

void PyJSONWriter::value(llvm::StringRef S) {
  separate();
  writeString(*OS, S);
}

static void writeU16(llvm::raw_ostream &OS, unsigned U) {
  static const char Hex[] = "0123456789abcdef";
  char Buf[6] = {'\\',
                 'u',
                 Hex[(U >> 12) & 15],
                 Hex[(U >> 8) & 15],
                 Hex[(U >> 4) & 15],
                 Hex[U & 15]};
  OS.write(Buf, 6);
}

void PyJSONWriter::writeString(llvm::raw_ostream &OS, llvm::StringRef S) {
  OS << '"';
  const char *P = S.begin(), *End = S.end();
  while (P < End) {
    // Copy the longest run that needs no escaping in one write.
    const char *Run = P;
    while (P < End && *P >= 0x20 && *P < 0x7f && *P != '"' && *P != '\\')
      ++P;
    if (P != Run)
      OS.write(Run, P - Run);
    if (P == End)
      break;
    unsigned char C = static_cast<unsigned char>(*P);
    switch (C) {
    case '"':
      OS << "\\\"";
      ++P;
      continue;
    case '\\':
      OS << "\\\\";
      ++P;
      continue;
    case '\n':
      OS << "\\n";
      ++P;
      continue;
    case '\r':
      OS << "\\r";
      ++P;
      continue;
    case '\t':
      OS << "\\t";
      ++P;
      continue;
    case '\b':
      OS << "\\b";
      ++P;
      continue;
    case '\f':
      OS << "\\f";
      ++P;
      continue;
    default:
      break;
    }
    if (C < 0x80) {
      writeU16(OS, C);
      ++P;
      continue;
    }
    // A UTF-8 sequence: escape its code point as Python does (UTF-16).
    llvm::UTF32 CP;
    const llvm::UTF8 *Src = reinterpret_cast<const llvm::UTF8 *>(P);
    if (llvm::convertUTF8Sequence(
            &Src, reinterpret_cast<const llvm::UTF8 *>(End), &CP,
            llvm::strictConversion) != llvm::conversionOK) {
      writeU16(OS, 0xfffd);
      ++P;
      continue;
    }
    P = reinterpret_cast<const char *>(Src);
    if (CP >= 0x10000) {
      CP -= 0x10000;
      writeU16(OS, 0xd800 + (CP >> 10));
      writeU16(OS, 0xdc00 + (CP & 0x3ff));
    } else {
      writeU16(OS, CP);
    }
  }
  OS << '"';
}
