//===- AtomicOutput.h - All-or-nothing output files -------------*- C++ -*-===//
//
// Outputs are produced in memory and written only at the end of a
// successful run: each file goes to a temporary file in its destination
// folder and is renamed over the destination once every temporary file has
// been written; existing destinations are kept aside until all renames
// succeeded, and put back if one fails. A failed run leaves no new, partial
// or stale file; an existing output is replaced atomically.
//
// A destination that exists and is not a regular file (`/dev/null`, a
// FIFO, a terminal) cannot be replaced: it is written in place, after the
// files, as standard output is (renaming over `/dev/null` would replace the
// device with a file).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_ATOMICOUTPUT_H
#define DSOCR_SUPPORT_ATOMICOUTPUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

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
  /// One file being replaced: its temporary file and the backup of what
  /// was there (empty if nothing was).
  struct Step {
    const Item *Dest;
    std::string Temp;
    std::string Backup;
    bool Replaced = false;
  };
  /// Whether I is written in place (standard output, a device, a FIFO).
  static bool isStream(const Item &I);
  bool writeTemporaries(std::vector<Step> &Steps, Diagnostics &Diags);
  bool replaceDestinations(std::vector<Step> &Steps, Diagnostics &Diags);
  bool writeStreams(Diagnostics &Diags);
  /// Puts back what Steps changed and removes the temporary files.
  static void undo(std::vector<Step> &Steps);
  static bool fail(std::vector<Step> &Steps, const Item &I,
                   const llvm::Twine &Why, Diagnostics &Diags);
  std::vector<Item> Items;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_ATOMICOUTPUT_H
