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

bool AtomicOutputSet::isStream(const Item &I) {
  if (I.Path == "-")
    return true;
  llvm::sys::fs::file_status St;
  return !llvm::sys::fs::status(I.Path, St) && llvm::sys::fs::exists(St) &&
         !llvm::sys::fs::is_regular_file(St) &&
         !llvm::sys::fs::is_directory(St);
}

void AtomicOutputSet::undo(std::vector<Step> &Steps) {
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
}

bool AtomicOutputSet::fail(std::vector<Step> &Steps, const Item &I,
                           const llvm::Twine &Why, Diagnostics &Diags) {
  undo(Steps);
  Diags.error(nullptr, "cannot write '" + I.Path + "': " + Why);
  return false;
}

bool AtomicOutputSet::writeTemporaries(std::vector<Step> &Steps,
                                       Diagnostics &Diags) {
  for (const Item &I : Items) {
    if (isStream(I))
      continue;
    if (llvm::sys::fs::is_directory(I.Path))
      return fail(Steps, I, "it is a directory", Diags);
    llvm::SmallString<256> Model(I.Path);
    Model += ".tmp-%%%%%%%%";
    int FD = -1;
    llvm::SmallString<256> TempPath;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueFile(Model, FD, TempPath))
      return fail(Steps, I, EC.message(), Diags);
    Steps.push_back({&I, TempPath.str().str(), "", false});
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << I.Contents;
    OS.close();
    if (OS.has_error()) {
      std::string Msg = OS.error().message();
      OS.clear_error();
      return fail(Steps, I, Msg, Diags);
    }
  }
  return true;
}

bool AtomicOutputSet::replaceDestinations(std::vector<Step> &Steps,
                                          Diagnostics &Diags) {
  for (Step &S : Steps) {
    if (llvm::sys::fs::exists(S.Dest->Path)) {
      llvm::SmallString<256> Backup;
      if (std::error_code EC = llvm::sys::fs::createUniqueFile(
              S.Dest->Path + ".old-%%%%%%%%", Backup))
        return fail(Steps, *S.Dest, EC.message(), Diags);
      if (std::error_code EC = llvm::sys::fs::rename(S.Dest->Path, Backup)) {
        llvm::sys::fs::remove(Backup);
        return fail(Steps, *S.Dest, EC.message(), Diags);
      }
      S.Backup = Backup.str().str();
    }
    if (std::error_code EC = llvm::sys::fs::rename(S.Temp, S.Dest->Path))
      return fail(Steps, *S.Dest, EC.message(), Diags);
    S.Replaced = true;
  }
  for (const Step &S : Steps)
    if (!S.Backup.empty())
      llvm::sys::fs::remove(S.Backup);
  return true;
}

bool AtomicOutputSet::writeStreams(Diagnostics &Diags) {
  for (const Item &I : Items) {
    if (I.Path == "-") {
      llvm::outs() << I.Contents;
      llvm::outs().flush();
      continue;
    }
    if (!isStream(I))
      continue;
    std::error_code EC;
    llvm::raw_fd_ostream OS(I.Path, EC, llvm::sys::fs::OF_None);
    if (!EC) {
      OS << I.Contents;
      OS.close();
      EC = OS.error();
      OS.clear_error();
    }
    if (EC) {
      Diags.error(nullptr, "cannot write '" + I.Path + "': " + EC.message());
      return false;
    }
  }
  return true;
}

bool AtomicOutputSet::commit(Diagnostics &Diags) {
  // 1. Every file goes to a temporary file next to its destination.
  // 2. Existing destinations are moved aside to backups, and the temporary
  //    files renamed over the destinations.
  // 3. If any step fails, what was renamed is undone (backups restored,
  //    new files removed) and temporary files are deleted: the folder is as
  //    it was. Otherwise the backups are deleted.
  // 4. Standard output and other streams last, once the files are in place.
  std::vector<Step> Steps;
  return writeTemporaries(Steps, Diags) && replaceDestinations(Steps, Diags) &&
         writeStreams(Diags);
}
