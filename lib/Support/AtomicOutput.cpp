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
  // 1. Every file goes to a temporary file next to its destination.
  // 2. Existing destinations are moved aside to backups, and the temporary
  //    files renamed over the destinations.
  // 3. If any step fails, what was renamed is undone (backups restored,
  //    new files removed) and temporary files are deleted: the folder is as
  //    it was. Otherwise the backups are deleted.
  struct Step {
    const Item *Dest;
    std::string Temp;
    std::string Backup; // empty if the destination did not exist
    bool Replaced = false;
  };
  std::vector<Step> Steps;
  auto Undo = [&]() {
    for (auto It = Steps.rbegin(); It != Steps.rend(); ++It) {
      if (It->Replaced) {
        if (!It->Backup.empty())
          llvm::sys::fs::rename(It->Backup, It->Dest->Path);
        else
          llvm::sys::fs::remove(It->Dest->Path);
      } else if (!It->Backup.empty()) {
        llvm::sys::fs::rename(It->Backup, It->Dest->Path);
      }
      llvm::sys::fs::remove(It->Temp);
    }
  };
  auto Fail = [&](const Item &I, const llvm::Twine &Why) {
    Undo();
    Diags.error(nullptr, "cannot write '" + I.Path + "': " + Why);
    return false;
  };

  for (const Item &I : Items) {
    if (I.Path == "-")
      continue;
    if (llvm::sys::fs::is_directory(I.Path))
      return Fail(I, "it is a directory");
    llvm::SmallString<256> Model(I.Path);
    Model += ".tmp-%%%%%%%%";
    int FD = -1;
    llvm::SmallString<256> TempPath;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueFile(Model, FD, TempPath))
      return Fail(I, EC.message());
    Steps.push_back({&I, TempPath.str().str(), "", false});
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << I.Contents;
    OS.close();
    if (OS.has_error()) {
      std::string Msg = OS.error().message();
      OS.clear_error();
      return Fail(I, Msg);
    }
  }
  for (Step &S : Steps) {
    if (llvm::sys::fs::exists(S.Dest->Path)) {
      llvm::SmallString<256> Backup;
      if (std::error_code EC = llvm::sys::fs::createUniqueFile(
              S.Dest->Path + ".old-%%%%%%%%", Backup))
        return Fail(*S.Dest, EC.message());
      if (std::error_code EC = llvm::sys::fs::rename(S.Dest->Path, Backup)) {
        llvm::sys::fs::remove(Backup);
        return Fail(*S.Dest, EC.message());
      }
      S.Backup = Backup.str().str();
    }
    if (std::error_code EC = llvm::sys::fs::rename(S.Temp, S.Dest->Path))
      return Fail(*S.Dest, EC.message());
    S.Replaced = true;
  }
  for (const Step &S : Steps)
    if (!S.Backup.empty())
      llvm::sys::fs::remove(S.Backup);
  // Standard output last, once the files are in place.
  for (const Item &I : Items)
    if (I.Path == "-") {
      llvm::outs() << I.Contents;
      llvm::outs().flush();
    }
  return true;
}
