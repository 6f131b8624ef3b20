//===- Diagnostics.cpp - LLVM-style file:line:col diagnostics -------------===//
//
// Resolves pointers into registered buffers to line and column, and prints
// diagnostics in the format of LLVM's SourceMgr, with long lines windowed.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/Diagnostics.h"

#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace dsocr;

namespace {
/// Longest source line printed in full under a diagnostic; longer lines are
/// shown as a window around the column.
constexpr size_t MaxShownLine = 160;
constexpr size_t WindowBefore = 60;
constexpr size_t WindowAfter = 60;
} // namespace

Diagnostics::Diagnostics(llvm::raw_ostream &OS, llvm::StringRef ProgramName)
    : OS(OS), ProgramName(ProgramName.str()) {}

Diagnostics::~Diagnostics() = default;

const llvm::MemoryBuffer *
Diagnostics::addBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer,
                       llvm::StringRef Name) {
  Buffers.push_back({std::move(Buffer), Name.str()});
  return Buffers.back().Data.get();
}

SourcePosition Diagnostics::resolve(const char *Loc) const {
  SourcePosition Pos;
  if (!Loc)
    return Pos;
  for (const Buffer &B : Buffers) {
    const char *Start = B.Data->getBufferStart();
    const char *End = B.Data->getBufferEnd();
    if (Loc < Start || Loc > End)
      continue;
    Pos.BufferName = B.Name;
    uint64_t Line = 1;
    const char *LineStart = Start;
    const char *P = Start;
    while (P < Loc) {
      const void *NL = std::memchr(P, '\n', Loc - P);
      if (!NL)
        break;
      ++Line;
      P = static_cast<const char *>(NL) + 1;
      LineStart = P;
    }
    Pos.Line = Line;
    Pos.Column = uint64_t(Loc - LineStart) + 1;
    return Pos;
  }
  return Pos;
}

static void printSourceWindow(llvm::raw_ostream &OS, const char *BufStart,
                              const char *BufEnd, const char *Loc) {
  const char *LineStart = Loc;
  while (LineStart > BufStart && LineStart[-1] != '\n')
    --LineStart;
  const char *LineEnd = Loc;
  while (LineEnd < BufEnd && *LineEnd != '\n' && *LineEnd != '\r')
    ++LineEnd;

  const char *From = LineStart, *To = LineEnd;
  bool CutFront = false, CutBack = false;
  if (size_t(LineEnd - LineStart) > MaxShownLine) {
    if (size_t(Loc - LineStart) > WindowBefore) {
      From = Loc - WindowBefore;
      CutFront = true;
    }
    if (size_t(LineEnd - Loc) > WindowAfter) {
      To = Loc + WindowAfter;
      CutBack = true;
    }
  }
  std::string Shown, Caret;
  if (CutFront) {
    Shown += "...";
    Caret += "   ";
  }
  for (const char *P = From; P < To; ++P) {
    unsigned char C = static_cast<unsigned char>(*P);
    char Out = (C == '\t' || (C >= 0x20 && C != 0x7f)) ? char(C) : '?';
    Shown += Out;
    if (P < Loc)
      Caret += (C == '\t') ? '\t' : ' ';
  }
  if (CutBack)
    Shown += "...";
  Caret += '^';
  OS << Shown << '\n' << Caret << '\n';
}

void Diagnostics::report(DiagKind Kind, const char *Loc,
                         const llvm::Twine &Message) {
  if (Kind == DiagKind::Error)
    ++Errors;
  const Buffer *Owner = nullptr;
  for (const Buffer &B : Buffers)
    if (Loc && Loc >= B.Data->getBufferStart() && Loc <= B.Data->getBufferEnd())
      Owner = &B;

  llvm::raw_ostream *Out = &OS;
  if (Owner) {
    SourcePosition Pos = resolve(Loc);
    llvm::WithColor(*Out, llvm::HighlightColor::Address)
        << Pos.BufferName << ':' << Pos.Line << ':' << Pos.Column << ": ";
  } else {
    llvm::WithColor(*Out, llvm::HighlightColor::Address) << ProgramName << ": ";
  }
  switch (Kind) {
  case DiagKind::Error:
    llvm::WithColor(*Out, llvm::HighlightColor::Error) << "error: ";
    break;
  case DiagKind::Warning:
    llvm::WithColor(*Out, llvm::HighlightColor::Warning) << "warning: ";
    break;
  case DiagKind::Note:
    llvm::WithColor(*Out, llvm::HighlightColor::Note) << "note: ";
    break;
  }
  llvm::WithColor(*Out, llvm::raw_ostream::SAVEDCOLOR, true) << Message << '\n';
  if (Owner)
    printSourceWindow(*Out, Owner->Data->getBufferStart(),
                      Owner->Data->getBufferEnd(), Loc);
  Out->flush();
}
