//===- AtomicOutput.h - All-or-nothing output files -------------*- C++ -*-===//
//
// Outputs are produced in memory and written only at the end of a
// successful run, each destination the way OutputFile writes it (a regular
// file or a new name replaced by rename, a device or FIFO written in place).
// A set of files (-output-dir) is committed in an order that leaves nothing
// behind:
//
//   1. every destination is resolved (a directory or a link loop is an
//      error before anything is written);
//   2. every file to replace is written whole to its temporary file;
//   3. destinations written in place (devices, FIFOs, descriptors) are
//      written;
//   4. the temporary files are renamed over their destinations, in order;
//   5. standard output, if one of the destinations, last.
//
// A failure in 1-3 leaves every regular file as it was (a device or FIFO
// keeps what it was sent). Each rename is atomic; the set is not: between
// renames a reader sees some files new and some old, and a rename failing
// after the first (which needs the folder to change under the run) leaves
// the earlier files new, the later ones old, and says which. There are no
// backups, so no `.old-*` file can ever be left, and no `.tmp-*` file is
// left on any error.
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
  /// Writes everything, in the order above. Returns false after reporting
  /// an error.
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
