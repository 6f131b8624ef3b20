//===- AtomicOutput.h - All-or-nothing output files -------------*- C++ -*-===//
//
// Outputs are produced in memory and written only at the end of a
// successful run: each file goes to a temporary file in its destination
// folder and is renamed over the destination once every temporary file has
// been written; existing destinations are kept aside until all renames
// succeeded, and put back if one fails. A failed run leaves no new, partial
// or stale file; an existing output is replaced atomically.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_ATOMICOUTPUT_H
#define DSOCR_SUPPORT_ATOMICOUTPUT_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace dsocr {

class Diagnostics;

class AtomicOutputSet {
public:
  /// Adds a file to write; Path `-` means standard output.
  void add(llvm::StringRef Path, std::string Contents);
  /// Writes everything. Returns false after reporting an error, in which
  /// case no destination file was created or changed.
  bool commit(Diagnostics &Diags);
  /// The destination paths, in the order added.
  std::vector<std::string> paths() const;

private:
  struct Item {
    std::string Path;
    std::string Contents;
  };
  std::vector<Item> Items;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_ATOMICOUTPUT_H
