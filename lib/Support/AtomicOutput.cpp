//===- AtomicOutput.cpp - All-or-nothing output files ---------------------===//
//
// Temporary files next to their destinations, renamed at the very end.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/AtomicOutput.h"

#include "dsocr/Support/Diagnostics.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

void AtomicOutputSet::add(llvm::StringRef Path, std::string Contents) {
  Items.push_back({Path.str(), std::move(Contents)});
}

std::vector<std::string> AtomicOutputSet::paths() const {
  std::vector<std::string> Out;
  for (const Item &I : Items)
    Out.push_back(I.Path);
  return Out;
}

bool AtomicOutputSet::commit(Diagnostics &Diags) {
  struct Temp {
    std::string TempPath;
    const Item *Dest;
  };
  std::vector<Temp> Temps;
  auto Cleanup = [&]() {
    for (const Temp &T : Temps)
      llvm::sys::fs::remove(T.TempPath);
  };

  for (const Item &I : Items) {
    if (I.Path == "-")
      continue;
    llvm::SmallString<256> Model(I.Path);
    Model += ".tmp-%%%%%%%%";
    int FD = -1;
    llvm::SmallString<256> TempPath;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueFile(Model, FD, TempPath)) {
      Cleanup();
      Diags.error(nullptr, "cannot write '" + I.Path + "': " + EC.message());
      return false;
    }
    Temps.push_back({TempPath.str().str(), &I});
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << I.Contents;
    OS.close();
    if (OS.has_error()) {
      std::string Msg = OS.error().message();
      OS.clear_error();
      Cleanup();
      Diags.error(nullptr, "cannot write '" + I.Path + "': " + Msg);
      return false;
    }
  }
  for (const Temp &T : Temps) {
    if (std::error_code EC = llvm::sys::fs::rename(T.TempPath, T.Dest->Path)) {
      Cleanup();
      Diags.error(nullptr,
                  "cannot write '" + T.Dest->Path + "': " + EC.message());
      return false;
    }
  }
  // Standard output last, once the files are in place.
  for (const Item &I : Items)
    if (I.Path == "-") {
      llvm::outs() << I.Contents;
      llvm::outs().flush();
    }
  return true;
}
