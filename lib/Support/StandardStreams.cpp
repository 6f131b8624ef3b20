//===- StandardStreams.cpp - Standard streams that can fail ---------------===//
//
// Placeholder descriptors for closed standard streams, and the exit-time
// check of llvm::outs() and llvm::errs().
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/StandardStreams.h"

#include "dsocr/Support/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <unistd.h>

using namespace dsocr;

namespace {

const char *GuardedTool = "";

/// Gives each closed standard descriptor a placeholder of the wrong
/// direction: reads from a placeholder standard input and writes to a
/// placeholder output fail with EBADF, as on a closed descriptor.
void fillClosedDescriptors() {
  for (int FD = 0; FD <= 2; ++FD) {
    if (::fcntl(FD, F_GETFD) != -1 || errno != EBADF)
      continue;
    int Flags = (FD == 0 ? O_WRONLY : O_RDONLY) | O_NOCTTY;
    int New = ::open("/dev/null", Flags);
    if (New < 0) // no /dev/null (a bare chroot): any directory will do
      New = ::open("/", O_RDONLY | O_DIRECTORY);
    if (New >= 0 && New != FD) {
      ::dup2(New, FD);
      ::close(New);
    }
  }
}

/// Runs at exit, before the destructors of llvm::outs() and llvm::errs()
/// (registered after they were constructed).
void checkAtExit() {
  llvm::raw_fd_ostream &Out = llvm::outs();
  llvm::raw_fd_ostream &Err = llvm::errs();
  Out.flush();
  bool OutFailed = Out.has_error();
  if (OutFailed) {
    std::string Why = Out.error().message();
    Out.clear_error();
    Diagnostics(Err, GuardedTool)
        .error(nullptr, "cannot write standard output: " + Why);
  }
  Err.flush();
  Err.clear_error();
  if (OutFailed)
    ::_exit(1); // the status main or exit() gave does not stand
}

} // namespace

void dsocr::guardStandardStreams(const char *ToolName) {
  GuardedTool = ToolName;
  fillClosedDescriptors();
  // Construct both streams now, so that checkAtExit runs before their
  // destructors.
  (void)llvm::outs();
  (void)llvm::errs();
  std::atexit(checkAtExit);
}
