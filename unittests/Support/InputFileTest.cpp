//===- InputFileTest.cpp - Tests of readInputFile -------------------------===//
//
// Regular files are sized before they are read, streams (pipes, devices,
// files of /proc) are stopped at their limit, and the errors say which.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/InputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <thread>
#include <unistd.h>

using namespace dsocr;

namespace {

class InputFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("dsocr-input", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string path(llvm::StringRef Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  std::string file(llvm::StringRef Name, llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(path(Name), EC);
    EXPECT_FALSE(EC);
    OS << Text;
    return path(Name);
  }
  llvm::SmallString<128> Dir;
};

/// A pipe whose write end a thread fills with Bytes bytes (then closes);
/// its read end is named /dev/fd/N.
struct Pipe {
  int FDs[2] = {-1, -1};
  std::thread Writer;
  explicit Pipe(size_t Bytes) {
    EXPECT_EQ(::pipe(FDs), 0);
    Writer = std::thread([this, Bytes]() {
      std::string Chunk(1 << 16, 'a');
      for (size_t Left = Bytes; Left;) {
        size_t N = std::min(Left, Chunk.size());
        ssize_t W = ::write(FDs[1], Chunk.data(), N);
        if (W <= 0)
          break; // the reader gave up
        Left -= size_t(W);
      }
      ::close(FDs[1]);
    });
  }
  ~Pipe() {
    ::close(FDs[0]); // stops a writer blocked on a full pipe
    Writer.join();
  }
  std::string name() const { return "/dev/fd/" + std::to_string(FDs[0]); }
};

TEST_F(InputFileTest, RegularFileWithinItsLimit) {
  std::string P = file("t.json", "{\"call_counts\": {}}");
  InputError E;
  auto B = readInputFile(P, {19, 0}, E);
  ASSERT_TRUE(B) << E.Reason;
  EXPECT_EQ(B->getBuffer(), "{\"call_counts\": {}}");
  EXPECT_EQ(B->getBufferIdentifier(), P);
  EXPECT_FALSE(readInputFile(P, {18, 1000}, E));
  EXPECT_EQ(E.K, InputError::TooLarge);
  EXPECT_EQ(E.Reason, "is 19 bytes, larger than the limit of 18 bytes");
}

TEST_F(InputFileTest, EmptyFileAndProcFilesAreReadWhole) {
  InputError E;
  auto Empty = readInputFile(file("empty", ""), {0, 0}, E);
  ASSERT_TRUE(Empty) << E.Reason;
  EXPECT_EQ(Empty->getBufferSize(), 0u);
  // /proc files claim size 0: they are read as streams.
  auto Status = readInputFile("/proc/self/status", {0, 1 << 20}, E);
  ASSERT_TRUE(Status) << E.Reason;
  EXPECT_TRUE(Status->getBuffer().startswith("Name:"));
}

TEST_F(InputFileTest, StreamsStopAtTheirLimit) {
  InputError E;
  {
    Pipe P(100000);
    auto B = readInputFile(P.name(), {0, 100000}, E);
    ASSERT_TRUE(B) << E.Reason; // exactly the limit
    EXPECT_EQ(B->getBufferSize(), 100000u);
    EXPECT_EQ(B->getBufferKind(), llvm::MemoryBuffer::MemoryBuffer_Malloc);
  }
  {
    Pipe P(100001);
    EXPECT_FALSE(readInputFile(P.name(), {1u << 30, 100000}, E));
    EXPECT_EQ(E.K, InputError::TooLarge);
    EXPECT_EQ(E.Reason,
              "(a FIFO, read as a stream) is larger than the limit of 100000 "
              "bytes");
  }
  {
    // Many times the first chunk: the buffer grows.
    Pipe P(5 << 20);
    auto B = readInputFile(P.name(), {0, 8 << 20}, E);
    ASSERT_TRUE(B) << E.Reason;
    EXPECT_EQ(B->getBufferSize(), size_t(5) << 20);
    EXPECT_TRUE(B->getBuffer().find_first_not_of('a') == llvm::StringRef::npos);
  }
  // A device that never ends.
  EXPECT_FALSE(readInputFile("/dev/zero", {1u << 30, 1000}, E));
  EXPECT_EQ(E.K, InputError::TooLarge);
  EXPECT_EQ(E.Reason, "(a character device, read as a stream) is larger than "
                      "the limit of 1000 bytes");
}

TEST_F(InputFileTest, DirectoriesAndMissingFiles) {
  InputError E;
  EXPECT_FALSE(readInputFile(std::string(Dir), {100, 100}, E));
  EXPECT_EQ(E.K, InputError::Directory);
  EXPECT_FALSE(readInputFile(path("missing"), {100, 100}, E));
  EXPECT_EQ(E.K, InputError::Unreadable);
  EXPECT_EQ(E.Reason, "No such file or directory");
}

} // namespace
