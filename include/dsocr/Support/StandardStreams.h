//===- StandardStreams.h - Standard streams that can fail -------*- C++ -*-===//
//
// llvm::outs() and llvm::errs() remember a failed write and abort the
// process at exit (`LLVM ERROR: IO failure on output stream`, exit 134)
// unless the error was cleared. A tool whose standard output is /dev/full,
// a closed descriptor (`>&-`) or a pipe closed with SIGPIPE ignored must
// instead say so once and exit 1; one whose standard error cannot be
// written must simply exit with the status the run had.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_STANDARDSTREAMS_H
#define DSOCR_SUPPORT_STANDARDSTREAMS_H

namespace dsocr {

/// Call first in main, before anything is opened or printed:
///
/// * a closed descriptor 0, 1 or 2 is given a placeholder that cannot be
///   used the standard way (/dev/null opened write-only for standard
///   input, read-only for the outputs), so no file the tool opens gets
///   that number and a write to a closed standard output still fails
///   (`Bad file descriptor`);
/// * on every way out (main returning, or exit() after --help, --version
///   and other options LLVM handles itself), standard output is flushed; if
///   it could not be written, `Tool: error: cannot write standard output:
///   REASON` goes to standard error and the exit status is 1; a failure to
///   write standard error itself is dropped and changes nothing.
///
/// SIGPIPE is left as it is: a tool writing into a closed pipe dies of it,
/// like other Unix tools (and if SIGPIPE is ignored, the write fails with
/// `Broken pipe`, reported as above).
void guardStandardStreams(const char *ToolName);

} // namespace dsocr

#endif // DSOCR_SUPPORT_STANDARDSTREAMS_H
