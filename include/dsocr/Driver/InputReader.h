//===- InputReader.h - One input of a tool into a call graph ----*- C++ -*-===//
//
// What dsocr-opt and dsocr-diff do alike to an input: read it whole within
// the size limits (InputFile.h), tell a trace from IR (-x, or by content),
// read it into a CallGraph (IR is verified as it is read, as opt verifies
// its input), replace its runtime events with those of an events file
// (-events), and, without -profile, choose its profile by the model it is.
// Every failure is reported, located where it has a place.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DRIVER_INPUTREADER_H
#define DSOCR_DRIVER_INPUTREADER_H

#include "dsocr/Support/InputFile.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class CallGraph;
class Diagnostics;
struct Profile;

/// What -x says the input is.
enum class InputFormat { Auto, JSON, IR };

/// Reads Path (`-`: standard input) within Limits and registers it with
/// Diags (as `<stdin>` for `-`). Returns null after reporting why not
/// (`cannot read 'x': ...`, a directory, over the limit: see
/// -max-input-size).
const llvm::MemoryBuffer *readInputBuffer(llvm::StringRef Path,
                                          const InputLimits &Limits,
                                          Diagnostics &Diags);

/// -x auto: a `.json` file is a trace; otherwise IR if the text starts
/// with a word (after comments), else JSON.
bool inputIsIR(llvm::StringRef Path, const llvm::MemoryBuffer &Input,
               InputFormat Format);

/// Reads Input, read from Path, into G (named after Path's file name,
/// `<stdin>` for `-`): a trace, or IR, which is verified. Returns false
/// after reporting.
bool readGraphInput(llvm::StringRef Path, const llvm::MemoryBuffer &Input,
                    InputFormat Format, CallGraph &G, Diagnostics &Diags);

/// -events FILE: reads the events file at Path (within Limits); its events
/// replace those G had. Returns false after reporting.
bool readEventsInput(llvm::StringRef Path, const InputLimits &Limits,
                     CallGraph &G, Diagnostics &Diags);

/// The built-in profile of the model G is (by its module classes, in trace
/// or tree form: chooseBuiltinProfile), else the generic one; Why says
/// which and why. Null after reporting.
std::unique_ptr<Profile> chooseProfileFor(const CallGraph &G,
                                          Diagnostics &Diags, std::string &Why);

} // namespace dsocr

#endif // DSOCR_DRIVER_INPUTREADER_H
