//===- OutputFileTest.cpp - Tests of OutputFile and AtomicOutputSet -------===//
//
// How destinations resolve (descriptors, devices, links followed), that a
// replacement is all-or-nothing and leaves no file behind (with unnamed
// and with named temporary files, and when the writer is killed), and that
// a write error is reported.
//
//===----------------------------------------------------------------------===//

#include "../TestUtil.h"

#include "dsocr/Support/OutputFile.h"
#include "dsocr/Support/AtomicOutput.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dsocr;

namespace {

/// A fresh folder, removed with everything in it at the end.
class OutputFileTest : public ::testing::Test,
                       public test::CapturedDiagnostics {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("dsocr-output", Dir));
  }
  void TearDown() override {
    OutputFile::allowUnnamedTemporaries(true);
    llvm::sys::fs::remove_directories(Dir);
  }
  std::string path(llvm::StringRef Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  void write(llvm::StringRef Name, llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(path(Name), EC);
    ASSERT_FALSE(EC);
    OS << Text;
  }
  std::string read(llvm::StringRef Name) {
    auto B = llvm::MemoryBuffer::getFile(path(Name));
    return B ? (*B)->getBuffer().str() : "<unreadable>";
  }
  /// The names in the folder (and in Sub, as Sub/name), sorted.
  std::vector<std::string> listing(llvm::StringRef Sub = "") {
    std::vector<std::string> Names;
    std::error_code EC;
    std::string From = Sub.empty() ? std::string(Dir) : path(Sub);
    for (llvm::sys::fs::directory_iterator I(From, EC), E; I != E && !EC;
         I.increment(EC))
      Names.push_back((Sub.empty() ? "" : Sub.str() + "/") +
                      llvm::sys::path::filename(I->path()).str());
    std::sort(Names.begin(), Names.end());
    return Names;
  }
  llvm::SmallString<128> Dir;
};

using Names = std::vector<std::string>;

OutputTarget resolved(llvm::StringRef Path) {
  OutputTarget T;
  std::string Error;
  EXPECT_TRUE(resolveOutputPath(Path, T, Error)) << Path.str() << ": " << Error;
  return T;
}

std::string resolveError(llvm::StringRef Path) {
  OutputTarget T;
  std::string Error;
  EXPECT_FALSE(resolveOutputPath(Path, T, Error)) << Path.str();
  return Error;
}

TEST_F(OutputFileTest, DescriptorsAndDevicesAreWrittenInPlace) {
  EXPECT_EQ(resolved("-").Mode, OutputMode::StandardOutput);
  for (auto P :
       {std::make_pair("/dev/stdout", 1), std::make_pair("/dev/stderr", 2),
        std::make_pair("/dev/fd/7", 7),
        std::make_pair("/proc/self/fd/12", 12)}) {
    OutputTarget T = resolved(P.first);
    EXPECT_EQ(T.Mode, OutputMode::Descriptor) << P.first;
    EXPECT_EQ(T.Descriptor, P.second) << P.first;
  }
  // Resolving touches nothing: the machine's devices are safe to name.
  for (const char *Dev : {"/dev/null", "/dev/full", "/dev/zero"}) {
    OutputTarget T = resolved(Dev);
    EXPECT_EQ(T.Mode, OutputMode::InPlace) << Dev;
    EXPECT_EQ(T.File, Dev);
  }
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  EXPECT_EQ(resolved(path("fifo")).Mode, OutputMode::InPlace);
  // Not a descriptor path: a file of that name.
  EXPECT_EQ(resolved(path("fd/1x")).Mode, OutputMode::Replace);
}

TEST_F(OutputFileTest, RegularFilesAndNewNamesAreReplaced) {
  OutputTarget New = resolved(path("new.ir"));
  EXPECT_EQ(New.Mode, OutputMode::Replace);
  EXPECT_FALSE(New.Exists);
  EXPECT_EQ(New.File, path("new.ir"));
  write("old.ir", "old");
  ASSERT_EQ(::chmod(path("old.ir").c_str(), 0640), 0);
  OutputTarget Old = resolved(path("old.ir"));
  EXPECT_EQ(Old.Mode, OutputMode::Replace);
  EXPECT_TRUE(Old.Exists);
  EXPECT_EQ(Old.Permissions, 0640u);
  EXPECT_EQ(resolveError(std::string(Dir)), "it is a directory");
}

TEST_F(OutputFileTest, LinksAreFollowedToTheFileTheyName) {
  write("target", "old");
  ASSERT_FALSE(llvm::sys::fs::create_directory(path("sub")));
  ASSERT_EQ(::symlink("target", path("link").c_str()), 0);
  ASSERT_EQ(::symlink("link", path("link2").c_str()), 0);
  ASSERT_EQ(::symlink("missing", path("dangling").c_str()), 0);
  ASSERT_EQ(::symlink("sub/inner", path("into-sub").c_str()), 0);
  ASSERT_EQ(::symlink("../target", path("sub/up").c_str()), 0);
  ASSERT_EQ(::symlink(path("target").c_str(), path("absolute").c_str()), 0);
  ASSERT_EQ(::symlink("/dev/null", path("to-null").c_str()), 0);
  ASSERT_EQ(::symlink("loop", path("loop").c_str()), 0);
  ASSERT_EQ(::symlink("sub", path("to-dir").c_str()), 0);

  for (const char *L : {"link", "link2", "absolute"}) {
    OutputTarget T = resolved(path(L));
    EXPECT_EQ(T.Mode, OutputMode::Replace) << L;
    EXPECT_TRUE(T.Exists) << L;
    EXPECT_TRUE(llvm::sys::fs::equivalent(T.File, path("target"))) << L;
  }
  OutputTarget D = resolved(path("dangling"));
  EXPECT_EQ(D.Mode, OutputMode::Replace);
  EXPECT_FALSE(D.Exists);
  EXPECT_EQ(D.File, path("missing"));
  EXPECT_EQ(resolved(path("into-sub")).File, path("sub/inner"));
  EXPECT_TRUE(
      llvm::sys::fs::equivalent(resolved(path("sub/up")).File, path("target")));
  ASSERT_EQ(::symlink("/dev/stdout", path("to-stdout").c_str()), 0);
  OutputTarget Out = resolved(path("to-stdout"));
  EXPECT_EQ(Out.Mode, OutputMode::Descriptor);
  EXPECT_EQ(Out.Descriptor, 1);
  OutputTarget N = resolved(path("to-null"));
  EXPECT_EQ(N.Mode, OutputMode::InPlace);
  EXPECT_EQ(N.File, "/dev/null");
  EXPECT_EQ(resolveError(path("loop")), "Too many levels of symbolic links");
  EXPECT_EQ(resolveError(path("to-dir")), "it is a directory");
  EXPECT_EQ(resolveError(path("target/below")), "Not a directory");
}

TEST_F(OutputFileTest, LinkedFileIsReplacedAndTheLinkStays) {
  write("target", "old");
  ASSERT_EQ(::symlink("target", path("link").c_str()), 0);
  ASSERT_EQ(::symlink("made", path("dangling").c_str()), 0);
  for (const char *L : {"link", "dangling"}) {
    std::unique_ptr<OutputFile> F = OutputFile::create(path(L), Diags);
    ASSERT_TRUE(F) << messages();
    F->os() << "new through " << L;
    ASSERT_TRUE(F->commit(Diags)) << messages();
  }
  EXPECT_EQ(read("target"), "new through link");
  EXPECT_EQ(read("made"), "new through dangling");
  for (const char *L : {"link", "dangling"}) {
    llvm::sys::fs::file_status S;
    ASSERT_FALSE(llvm::sys::fs::status(path(L), S, /*Follow=*/false));
    EXPECT_EQ(S.type(), llvm::sys::fs::file_type::symlink_file) << L;
  }
  EXPECT_EQ(listing(), (Names{"dangling", "link", "made", "target"}));
}

/// Both kinds of temporary file: unnamed (O_TMPFILE) and named.
class ReplaceTest : public OutputFileTest,
                    public ::testing::WithParamInterface<bool> {
protected:
  void SetUp() override {
    OutputFileTest::SetUp();
    OutputFile::allowUnnamedTemporaries(GetParam());
  }
};

TEST_P(ReplaceTest, CommitReplacesWholeAndKeepsPermissions) {
  write("out.ir", "old");
  ASSERT_EQ(::chmod(path("out.ir").c_str(), 0604), 0);
  std::unique_ptr<OutputFile> F = OutputFile::create(path("out.ir"), Diags);
  ASSERT_TRUE(F) << messages();
  EXPECT_EQ(F->temporaryIsUnnamed(), GetParam());
  F->os() << "new";
  ASSERT_TRUE(F->close(Diags));
  // Closed but not kept: the old content is still there.
  EXPECT_EQ(read("out.ir"), "old");
  ASSERT_TRUE(F->keep(Diags));
  EXPECT_EQ(read("out.ir"), "new");
  struct stat S;
  ASSERT_EQ(::stat(path("out.ir").c_str(), &S), 0);
  EXPECT_EQ(S.st_mode & 0777, 0604u);
  F.reset();
  EXPECT_EQ(listing(), (Names{"out.ir"}));
  EXPECT_EQ(messages(), "");
}

TEST_P(ReplaceTest, DroppedReplacementLeavesNothing) {
  write("out.ir", "old");
  {
    std::unique_ptr<OutputFile> F = OutputFile::create(path("out.ir"), Diags);
    ASSERT_TRUE(F);
    F->os() << std::string(3 << 20, 'x');
    F->os().flush();
    // Only a named temporary file shows while writing.
    EXPECT_EQ(listing().size(), GetParam() ? 1u : 2u);
  }
  {
    std::unique_ptr<OutputFile> F = OutputFile::create(path("new.ir"), Diags);
    ASSERT_TRUE(F);
    F->os() << "never kept";
    ASSERT_TRUE(F->close(Diags));
  }
  EXPECT_EQ(read("out.ir"), "old");
  EXPECT_EQ(listing(), (Names{"out.ir"}));
}

TEST_P(ReplaceTest, MissingFolderIsAnError) {
  EXPECT_FALSE(OutputFile::create(path("no/such/out.ir"), Diags));
  EXPECT_NE(messages().find("cannot write '" + path("no/such/out.ir") +
                            "': No such file or directory"),
            std::string::npos)
      << messages();
}

INSTANTIATE_TEST_SUITE_P(TemporaryKinds, ReplaceTest, ::testing::Bool());

TEST_F(OutputFileTest, KilledWriterLeavesNoTemporaryFile) {
  write("out.ir", "old");
  pid_t Child = ::fork();
  ASSERT_GE(Child, 0);
  if (Child == 0) {
    std::unique_ptr<OutputFile> F = OutputFile::create(path("out.ir"), Diags);
    if (!F || !F->temporaryIsUnnamed())
      ::_exit(2);
    F->os() << std::string(4 << 20, 'x');
    F->os().flush();
    ::raise(SIGKILL);
  }
  int Status = 0;
  ASSERT_EQ(::waitpid(Child, &Status, 0), Child);
  ASSERT_TRUE(WIFSIGNALED(Status))
      << "the child exited with status " << WEXITSTATUS(Status);
  EXPECT_EQ(WTERMSIG(Status), SIGKILL);
  EXPECT_EQ(read("out.ir"), "old");
  EXPECT_EQ(listing(), (Names{"out.ir"}));
}

TEST_F(OutputFileTest, WriteErrorIsReportedOnce) {
  std::unique_ptr<OutputFile> F = OutputFile::create("/dev/full", Diags);
  ASSERT_TRUE(F);
  EXPECT_EQ(F->target().Mode, OutputMode::InPlace);
  F->os() << std::string(3 << 20, 'x');
  EXPECT_TRUE(F->hasError());
  EXPECT_FALSE(F->close(Diags));
  EXPECT_EQ(messages(),
            "test: error: cannot write '/dev/full': No space left on device\n");
  EXPECT_TRUE(F->keep(Diags)); // nothing to rename
}

TEST_F(OutputFileTest, DroppedAfterAFailedWriteDoesNotAbort) {
  // Destroyed with an unreported error and data still buffered (LLVM's
  // raw_fd_ostream would abort the process).
  std::unique_ptr<OutputFile> F = OutputFile::create("/dev/full", Diags);
  ASSERT_TRUE(F);
  F->os() << std::string((3 << 20) + 17, 'x');
  EXPECT_TRUE(F->hasError());
  F.reset();
  EXPECT_EQ(messages(), "");
}

TEST_F(OutputFileTest, FIFOIsWrittenInPlace) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  // A reader, so that opening for writing does not wait.
  int Reader = ::open(path("fifo").c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(Reader, 0);
  std::unique_ptr<OutputFile> F = OutputFile::create(path("fifo"), Diags);
  ASSERT_TRUE(F) << messages();
  F->os() << "through the pipe";
  ASSERT_TRUE(F->commit(Diags)) << messages();
  char Buf[64] = {};
  ssize_t N = ::read(Reader, Buf, sizeof(Buf) - 1);
  ::close(Reader);
  EXPECT_EQ(std::string(Buf, N > 0 ? size_t(N) : 0), "through the pipe");
  struct stat S;
  ASSERT_EQ(::lstat(path("fifo").c_str(), &S), 0);
  EXPECT_TRUE(S_ISFIFO(S.st_mode));
  EXPECT_EQ(listing(), (Names{"fifo"}));
}

TEST_F(OutputFileTest, SetWritesNothingWhenADestinationCannotBeWritten) {
  write("b.md", "old b");
  ASSERT_FALSE(llvm::sys::fs::create_directory(path("d.mmd")));
  AtomicOutputSet Set;
  Set.add(path("a.json"), "new a");
  Set.add(path("b.md"), "new b");
  Set.add(path("c.dot"), "new c");
  Set.add(path("d.mmd"), "new d");
  EXPECT_FALSE(Set.commit(Diags));
  EXPECT_NE(messages().find("d.mmd': it is a directory"), std::string::npos)
      << messages();
  EXPECT_EQ(read("b.md"), "old b");
  EXPECT_EQ(listing(), (Names{"b.md", "d.mmd"}));
}

TEST_F(OutputFileTest, SetLeavesRegularFilesWhenADeviceFails) {
  write("b.md", "old b");
  ASSERT_EQ(::symlink("/dev/full", path("c.dot").c_str()), 0);
  AtomicOutputSet Set;
  Set.add(path("a.json"), "new a");
  Set.add(path("b.md"), "new b");
  Set.add(path("c.dot"), "new c");
  EXPECT_FALSE(Set.commit(Diags));
  EXPECT_NE(messages().find("c.dot': No space left on device"),
            std::string::npos)
      << messages();
  EXPECT_EQ(read("b.md"), "old b");
  EXPECT_EQ(listing(), (Names{"b.md", "c.dot"}));
}

TEST_F(OutputFileTest, SetReplacesEveryFile) {
  write("b.md", "old b");
  ASSERT_EQ(::symlink("/dev/null", path("c.dot").c_str()), 0);
  AtomicOutputSet Set;
  Set.add(path("a.json"), "new a");
  Set.add(path("b.md"), "new b");
  Set.add(path("c.dot"), "new c");
  EXPECT_TRUE(Set.commit(Diags)) << messages();
  EXPECT_EQ(read("a.json"), "new a");
  EXPECT_EQ(read("b.md"), "new b");
  EXPECT_EQ(listing(), (Names{"a.json", "b.md", "c.dot"}));
  EXPECT_EQ(messages(), "");
}

} // namespace
