//===- OutputFile.cpp - One output destination, written the right way -----===//
//
// Resolving a destination (descriptor, in place, or replaced next to the
// file a symbolic link names) and writing it, with unnamed temporary files
// where the file system offers them.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/OutputFile.h"

#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

using namespace dsocr;
using llvm::StringRef;

namespace {

std::string errnoMessage(int E) {
  return std::error_code(E, std::generic_category()).message();
}

/// The descriptor a path of the forms the shell knows names: /dev/stdin,
/// /dev/stdout, /dev/stderr, /dev/fd/N (and /proc/self/fd/N, where
/// /dev/fd points), or -1.
int descriptorOfPath(StringRef Path) {
  if (Path == "/dev/stdin")
    return 0;
  if (Path == "/dev/stdout")
    return 1;
  if (Path == "/dev/stderr")
    return 2;
  for (StringRef Prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!Path.startswith(Prefix))
      continue;
    unsigned N;
    StringRef Digits = Path.drop_front(Prefix.size());
    if (!Digits.empty() && Digits.size() < 10 &&
        Digits.find_first_not_of("0123456789") == StringRef::npos &&
        !Digits.getAsInteger(10, N))
      return int(N);
  }
  return -1;
}

/// Whether the folder holding Path is in /proc, whose links (a process's
/// descriptors, `exe`, `cwd`) only the kernel can follow: their text
/// (`pipe:[1234]`, a deleted file) is not a path to create a file next to.
bool inProcFS(StringRef Path) {
#ifdef __linux__
  llvm::SmallString<256> Dir = llvm::sys::path::parent_path(Path);
  if (Dir.empty())
    Dir = ".";
  struct statfs FS;
  constexpr long ProcSuperMagic = 0x9fa0;
  return ::statfs(Dir.c_str(), &FS) == 0 && long(FS.f_type) == ProcSuperMagic;
#else
  (void)Path;
  return false;
#endif
}

bool UnnamedAllowed = true;

} // namespace

void OutputFile::allowUnnamedTemporaries(bool Allow) { UnnamedAllowed = Allow; }

bool dsocr::resolveOutputPath(StringRef Path, OutputTarget &Out,
                              std::string &Error) {
  Out = OutputTarget();
  Out.Path = Path.str();
  if (Path == "-") {
    Out.Mode = OutputMode::StandardOutput;
    return true;
  }
  // Follow the last component's symbolic links by hand (a dangling link's
  // target is created), as many as the kernel would.
  std::string File = Path.str();
  constexpr unsigned MaxLinks = 40;
  for (unsigned Links = 0;; ++Links) {
    // Given as such or reached by a link of one's own (out -> /dev/stdout).
    int Descriptor = descriptorOfPath(File);
    if (Descriptor >= 0) {
      Out.Mode = OutputMode::Descriptor;
      Out.Descriptor = Descriptor;
      return true;
    }
    struct stat L;
    if (::lstat(File.c_str(), &L) != 0) {
      if (errno != ENOENT) {
        Error = errnoMessage(errno);
        return false;
      }
      // A new file (a missing folder is reported when it is created).
      Out.Mode = OutputMode::Replace;
      Out.File = File;
      return true;
    }
    if (S_ISLNK(L.st_mode)) {
      if (Links == MaxLinks) {
        Error = errnoMessage(ELOOP);
        return false;
      }
      if (inProcFS(File)) {
        struct stat S;
        if (::stat(File.c_str(), &S) == 0 && S_ISDIR(S.st_mode)) {
          Error = "it is a directory";
          return false;
        }
        Out.Mode = OutputMode::InPlace;
        Out.File = File;
        return true;
      }
      llvm::SmallString<256> Target;
      Target.resize(4096);
      ssize_t N = ::readlink(File.c_str(), Target.data(), Target.size());
      if (N < 0 || size_t(N) >= Target.size()) {
        Error = errnoMessage(N < 0 ? errno : ENAMETOOLONG);
        return false;
      }
      Target.resize(size_t(N));
      if (llvm::sys::path::is_relative(Target)) {
        llvm::SmallString<256> Joined = llvm::sys::path::parent_path(File);
        llvm::sys::path::append(Joined, Target);
        File = std::string(Joined);
      } else {
        File = std::string(Target);
      }
      continue;
    }
    if (S_ISDIR(L.st_mode)) {
      Error = "it is a directory";
      return false;
    }
    Out.File = File;
    if (!S_ISREG(L.st_mode)) {
      Out.Mode = OutputMode::InPlace;
      return true;
    }
    Out.Mode = OutputMode::Replace;
    Out.Exists = true;
    Out.Permissions = unsigned(L.st_mode & 0777);
    Out.Owner = unsigned(L.st_uid);
    Out.Group = unsigned(L.st_gid);
    return true;
  }
}

OutputFile::OutputFile(const OutputTarget &T) : Target(T) {}

OutputFile::~OutputFile() { discard(); }

std::unique_ptr<OutputFile> OutputFile::create(StringRef Path,
                                               Diagnostics &Diags) {
  OutputTarget T;
  std::string Error;
  if (!resolveOutputPath(Path, T, Error)) {
    Diags.error(nullptr, "cannot write '" + Path + "': " + Error);
    return nullptr;
  }
  return create(T, Diags);
}

std::unique_ptr<OutputFile> OutputFile::create(const OutputTarget &T,
                                               Diagnostics &Diags) {
  std::unique_ptr<OutputFile> F(new OutputFile(T));
  if (!F->open(Diags))
    return nullptr;
  return F;
}

bool OutputFile::fail(Diagnostics &Diags, const std::string &Why) {
  discard();
  if (Target.Mode == OutputMode::StandardOutput)
    Diags.error(nullptr, "cannot write standard output: " + Why);
  else
    Diags.error(nullptr, "cannot write '" + Target.Path + "': " + Why);
  return false;
}

bool OutputFile::open(Diagnostics &Diags) {
  switch (Target.Mode) {
  case OutputMode::StandardOutput:
    return true;
  case OutputMode::Descriptor:
    // What was printed to standard output so far comes first.
    llvm::outs().flush();
    FD = ::fcntl(Target.Descriptor, F_DUPFD_CLOEXEC, 3);
    if (FD < 0)
      return fail(Diags, errnoMessage(errno));
    break;
  case OutputMode::InPlace: {
    // Never created (it exists) and never truncated unless it is a regular
    // file reached through /proc, as the shell's `>` would.
    struct stat S;
    int Flags = O_WRONLY | O_CLOEXEC | O_NOCTTY;
    if (::stat(Target.File.c_str(), &S) == 0 && S_ISREG(S.st_mode))
      Flags |= O_TRUNC;
    do
      FD = ::open(Target.File.c_str(), Flags);
    while (FD < 0 && errno == EINTR);
    if (FD < 0)
      return fail(Diags, errnoMessage(errno));
    break;
  }
  case OutputMode::Replace: {
    llvm::SmallString<256> Dir = llvm::sys::path::parent_path(Target.File);
    if (Dir.empty())
      Dir = ".";
#ifdef O_TMPFILE
    // An unnamed file in the destination's folder, given a name only to be
    // renamed (keep()). It needs /proc to be linked later.
    if (UnnamedAllowed)
      FD = ::open(Dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (FD >= 0) {
      std::string Self = "/proc/self/fd/" + std::to_string(FD);
      if (::access(Self.c_str(), F_OK) == 0) {
        Unnamed = true;
      } else {
        ::close(FD);
        FD = -1;
      }
    }
#endif
    if (FD < 0) {
      llvm::SmallString<256> Temp;
      if (std::error_code EC = llvm::sys::fs::createUniqueFile(
              Target.File + ".tmp-%%%%%%%%", FD, Temp))
        return fail(Diags, EC.message());
      TempPath = std::string(Temp);
      llvm::sys::RemoveFileOnSignal(TempPath);
    }
    if (Target.Exists) {
      // The replacement looks like the file it replaces. The owner can only
      // be kept by root (or for a group of one's own): best effort.
      if (::fchown(FD, Target.Owner, Target.Group) != 0 &&
          ::fchown(FD, uid_t(-1), Target.Group) != 0) {
        // Kept as created.
      }
      ::fchmod(FD, mode_t(Target.Permissions));
    }
    break;
  }
  }
  Stream = std::make_unique<llvm::raw_fd_ostream>(FD, /*shouldClose=*/false);
  Stream->SetBufferSize(1 << 20);
  return true;
}

llvm::raw_fd_ostream &OutputFile::os() {
  if (Target.Mode == OutputMode::StandardOutput)
    return llvm::outs();
  return *Stream;
}

bool OutputFile::hasError() const {
  if (Target.Mode == OutputMode::StandardOutput)
    return llvm::outs().has_error();
  return Stream && Stream->has_error();
}

bool OutputFile::close(Diagnostics &Diags) {
  if (Closed)
    return true;
  Closed = true;
  llvm::raw_fd_ostream &S =
      Target.Mode == OutputMode::StandardOutput ? llvm::outs() : *Stream;
  S.flush();
  if (S.has_error()) {
    std::string Why = S.error().message();
    S.clear_error();
    return fail(Diags, Why);
  }
  if (Target.Mode == OutputMode::StandardOutput)
    return true;
  // The unnamed file stays open: keep() links it by its descriptor.
  if (Unnamed)
    return true;
  Stream.reset();
  int RC = ::close(FD);
  FD = -1;
  if (RC != 0 && errno != EINTR)
    return fail(Diags, errnoMessage(errno));
  return true;
}

bool OutputFile::keep(Diagnostics &Diags) {
  if (Target.Mode != OutputMode::Replace || Kept)
    return true;
  if (Unnamed) {
    // Name the complete file next to the destination, then rename it over
    // the destination: only between these two calls does a name exist.
    std::string Self = "/proc/self/fd/" + std::to_string(FD);
    for (unsigned Try = 0;; ++Try) {
      llvm::SmallString<256> Name;
      llvm::sys::fs::createUniquePath(Target.File + ".tmp-%%%%%%%%", Name,
                                      /*MakeAbsolute=*/false);
      llvm::sys::RemoveFileOnSignal(Name);
      if (::linkat(AT_FDCWD, Self.c_str(), AT_FDCWD, Name.c_str(),
                   AT_SYMLINK_FOLLOW) == 0) {
        TempPath = std::string(Name);
        break;
      }
      int E = errno;
      llvm::sys::DontRemoveFileOnSignal(Name);
      if (E != EEXIST || Try == 100)
        return fail(Diags, errnoMessage(E));
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Target.File))
    return fail(Diags, EC.message());
  llvm::sys::DontRemoveFileOnSignal(TempPath);
  TempPath.clear();
  Kept = true;
  if (FD >= 0) {
    Stream.reset();
    ::close(FD);
    FD = -1;
  }
  return true;
}

void OutputFile::discard() {
  if (Stream) {
    // A failed write that was not reported is dropped with the file (a
    // raw_fd_ostream destroyed with an error would abort, and it flushes
    // what it holds first).
    Stream->flush();
    Stream->clear_error();
    Stream.reset();
  }
  if (FD >= 0) {
    ::close(FD);
    FD = -1;
  }
  if (!TempPath.empty()) {
    llvm::sys::fs::remove(TempPath);
    llvm::sys::DontRemoveFileOnSignal(TempPath);
    TempPath.clear();
  }
}
