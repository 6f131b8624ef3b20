//===- AtomicOutput.cpp - All-or-nothing output files ---------------------===//
//
// Commits a set of in-memory outputs: resolve all, write all, rename all.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/AtomicOutput.h"

#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/OutputFile.h"

#include "llvm/Support/raw_ostream.h"

#include <memory>

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
  // 1. Resolve every destination before anything is written.
  std::vector<OutputTarget> Targets(Items.size());
  for (size_t I = 0; I < Items.size(); ++I) {
    std::string Error;
    if (!resolveOutputPath(Items[I].Path, Targets[I], Error)) {
      Diags.error(nullptr, "cannot write '" + Items[I].Path + "': " + Error);
      return false;
    }
  }
  auto Write = [&](size_t I) -> std::unique_ptr<OutputFile> {
    std::unique_ptr<OutputFile> F = OutputFile::create(Targets[I], Diags);
    if (!F)
      return nullptr;
    F->os() << Items[I].Contents;
    if (!F->close(Diags))
      return nullptr;
    return F;
  };
  // 2. Every replacement, complete, under its temporary file (dropped if a
  // later step fails: the OutputFile destructors remove them).
  std::vector<std::pair<size_t, std::unique_ptr<OutputFile>>> Replacements;
  for (size_t I = 0; I < Items.size(); ++I)
    if (Targets[I].Mode == OutputMode::Replace) {
      std::unique_ptr<OutputFile> F = Write(I);
      if (!F)
        return false;
      Replacements.push_back({I, std::move(F)});
    }
  // 3. Destinations written in place.
  for (size_t I = 0; I < Items.size(); ++I)
    if (Targets[I].Mode == OutputMode::InPlace ||
        Targets[I].Mode == OutputMode::Descriptor)
      if (!Write(I))
        return false;
  // 4. The renames.
  for (size_t R = 0; R < Replacements.size(); ++R) {
    if (Replacements[R].second->keep(Diags))
      continue;
    if (R > 0) {
      std::string Done, Left;
      for (size_t K = 0; K < Replacements.size(); ++K) {
        std::string &To = K < R ? Done : Left;
        To += (To.empty() ? "'" : ", '") + Items[Replacements[K].first].Path +
              "'";
      }
      Diags.note(nullptr,
                 "already replaced: " + Done + "; left as they were: " + Left);
    }
    return false;
  }
  // 5. Standard output last, once the files are in place.
  for (size_t I = 0; I < Items.size(); ++I)
    if (Targets[I].Mode == OutputMode::StandardOutput && !Write(I))
      return false;
  return true;
}
