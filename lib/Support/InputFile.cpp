//===- InputFile.cpp - Whole inputs, read within a size limit -------------===//
//
// Regular files are mapped after a size check; streams are read into a
// growing malloc'd block (realloc moves big blocks by remapping, not
// copying) that becomes the buffer itself.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/InputFile.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace dsocr;
using llvm::StringRef;

namespace {

std::string errnoMessage(int E) {
  return std::error_code(E, std::generic_category()).message();
}

/// A buffer that owns a block from malloc.
class MallocBuffer final : public llvm::MemoryBuffer {
public:
  MallocBuffer(char *Data, size_t Size, StringRef Name)
      : Data(Data), Name(Name.str()) {
    init(Data, Data + Size, /*RequiresNullTerminator=*/false);
  }
  ~MallocBuffer() override { std::free(Data); }
  StringRef getBufferIdentifier() const override { return Name; }
  BufferKind getBufferKind() const override { return MemoryBuffer_Malloc; }

private:
  char *Data;
  std::string Name;
};

/// What a file that is not regular is called in messages.
const char *kindName(mode_t Mode) {
  if (S_ISCHR(Mode))
    return "a character device";
  if (S_ISBLK(Mode))
    return "a block device";
  if (S_ISFIFO(Mode))
    return "a FIFO";
  if (S_ISSOCK(Mode))
    return "a socket";
  if (S_ISREG(Mode))
    return "a file of unknown size";
  return "not a regular file";
}

std::string limitText(uint64_t Limit) {
  return "the limit of " + std::to_string(Limit) + " bytes";
}

/// Reads FD to its end, or until it has given more than Limit bytes. Kind
/// (null for standard input) says what FD is in the message.
std::unique_ptr<llvm::MemoryBuffer> readStream(int FD, StringRef Name,
                                               uint64_t Limit, const char *Kind,
                                               InputError &Error) {
  char *Data = nullptr;
  size_t Size = 0, Capacity = 0;
  auto Fail = [&](InputError::Kind K, std::string Reason) {
    std::free(Data);
    Error.K = K;
    Error.Reason = std::move(Reason);
    return nullptr;
  };
  // One byte over the limit tells "exactly the limit" from "more".
  const uint64_t Want =
      Limit >= uint64_t(SIZE_MAX) - 1 ? uint64_t(SIZE_MAX) - 1 : Limit + 1;
  while (Size < Want) {
    if (Size == Capacity) {
      size_t Next = std::max<size_t>(Capacity * 2, size_t(64) << 10);
      Next = size_t(std::min<uint64_t>(Next, Want));
      char *Grown = static_cast<char *>(std::realloc(Data, Next));
      if (!Grown)
        return Fail(InputError::Unreadable, errnoMessage(ENOMEM));
      Data = Grown;
      Capacity = Next;
    }
    ssize_t N = ::read(FD, Data + Size, Capacity - Size);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // A non-blocking descriptor (left so by whoever opened it): wait.
        struct pollfd P = {FD, POLLIN, 0};
        ::poll(&P, 1, -1);
        continue;
      }
      if (errno == EISDIR)
        return Fail(InputError::Directory, "it is a directory");
      return Fail(InputError::Unreadable, errnoMessage(errno));
    }
    if (N == 0)
      return std::make_unique<MallocBuffer>(Data, Size, Name);
    Size += size_t(N);
  }
  return Fail(InputError::TooLarge,
              (Kind ? "(" + std::string(Kind) + ", read as a stream) " : "") +
                  "is larger than " + limitText(Limit));
}

} // namespace

std::unique_ptr<llvm::MemoryBuffer>
dsocr::readInputFile(StringRef Path, const InputLimits &Limits,
                     InputError &Error) {
  bool Stdin = Path == "-";
  StringRef Name = Stdin ? StringRef("<stdin>") : Path;
  int FD = 0;
  if (!Stdin) {
    std::string P = Path.str();
    do
      FD = ::open(P.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    while (FD < 0 && errno == EINTR);
    if (FD < 0) {
      Error.K = InputError::Unreadable;
      Error.Reason = errnoMessage(errno);
      return nullptr;
    }
  }
  struct Closer {
    int FD;
    bool Owned;
    ~Closer() {
      if (Owned)
        ::close(FD);
    }
  } CloseAtEnd{FD, !Stdin};

  struct stat S;
  if (::fstat(FD, &S) != 0) {
    Error.K = InputError::Unreadable;
    Error.Reason = errnoMessage(errno);
    return nullptr;
  }
  if (S_ISDIR(S.st_mode)) {
    Error.K = InputError::Directory;
    Error.Reason = "it is a directory";
    return nullptr;
  }
  // A regular file of size 0 may be one of /proc, whose size is unknown
  // until read: read it as a stream.
  if (!S_ISREG(S.st_mode) || S.st_size == 0)
    return readStream(
        FD, Name, Limits.StreamBytes,
        Stdin && !S_ISREG(S.st_mode) ? nullptr : kindName(S.st_mode), Error);
  // Standard input may have been read from already: map from its offset.
  uint64_t Offset = 0;
  if (Stdin) {
    off_t At = ::lseek(FD, 0, SEEK_CUR);
    if (At > 0 && At <= S.st_size)
      Offset = uint64_t(At);
  }
  uint64_t Size = uint64_t(S.st_size) - Offset;
  if (Size > Limits.FileBytes) {
    Error.K = InputError::TooLarge;
    Error.Reason = "is " + std::to_string(Size) + " bytes, larger than " +
                   limitText(Limits.FileBytes);
    return nullptr;
  }
  auto BufOrErr = llvm::MemoryBuffer::getOpenFileSlice(
      FD, Name, Size, int64_t(Offset), /*IsVolatile=*/false);
  if (!BufOrErr) {
    Error.K = InputError::Unreadable;
    Error.Reason = BufOrErr.getError().message();
    return nullptr;
  }
  return std::move(*BufOrErr);
}
