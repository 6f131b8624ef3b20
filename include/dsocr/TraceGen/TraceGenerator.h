//===- TraceGenerator.h - A TorchLens trace from a description --*- C++ -*-===//
//
// Generates the TorchLens call-graph JSON of a described model, with the
// keys, meanings, order and quirks of real traces (SPEC.md section 2):
//
//   call_counts      {addr: calls}, modules in execution order
//   edges            {"P->C": ops run inside C, at any depth, while nested
//                    in P}: inclusive op counts, never call counts
//   op_call_counts   {addr: ops whose innermost module is addr}, in the
//                    order of each module's first op; modules without own
//                    ops are left out
//   module_children  {parent: [called children]}; never-called list
//                    containers are skipped (their elements are listed by
//                    the container's owner; a top-level container's
//                    elements have no parent entry)
//   module_classes   {addr: class} for every module, called or not, in
//                    registration order
//   constructor_params, input_metadata, output_metadata  with -metadata
//   runtime_events   with -events: {"events": [...]}, the description's
//                    events of the run (a side file in the real project)
//
// The root (the traced model) has no address. Output is streamed: each
// section is one depth-first walk of the model, holding only the modules on
// the current path, so memory does not grow with the size of the trace.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_TRACEGENERATOR_H
#define DSOCR_TRACEGEN_TRACEGENERATOR_H

#include "dsocr/TraceGen/GenOptions.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace llvm {
class raw_fd_ostream;
class raw_ostream;
} // namespace llvm

namespace dsocr {

class Diagnostics;
struct ModelDescription;

/// Writes the trace of D to OS. Returns false after reporting an error
/// (what was written so far is then incomplete).
bool generateTrace(const ModelDescription &D, const GenOptions &O,
                   llvm::raw_ostream &OS, Diagnostics &Diags);
/// The same into a file or stream, stopping soon after a write to it fails
/// (/dev/full, a full disk): then OS holds the error, which is not
/// reported here.
bool generateTrace(const ModelDescription &D, const GenOptions &O,
                   llvm::raw_fd_ostream &OS, Diagnostics &Diags);

/// The number of bytes generateTrace would write, without writing them.
bool measureTrace(const ModelDescription &D, const GenOptions &O,
                  Diagnostics &Diags, uint64_t &Bytes);

/// Generates into Path (`-`: standard output), written as OutputFile
/// writes it: a regular file is streamed to a temporary file next to it and
/// renamed over Path only when complete, so a failed run leaves no partial
/// or changed file; a device or FIFO is written in place.
bool writeTraceFile(const ModelDescription &D, const GenOptions &O,
                    llvm::StringRef Path, Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_TRACEGEN_TRACEGENERATOR_H
