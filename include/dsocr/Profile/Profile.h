//===- Profile.h - Model knowledge as data ----------------------*- C++ -*-===//
//
// A profile says what the passes cannot know from a trace alone: which
// address prefixes form which stage, which indexed families are fan-outs
// dispatched by a router, human notes to attach to matching nodes, and the
// default pruning. Passes read a Profile; they never test model-specific
// names. Built-in profiles (`deepseek-ocr`, `generic`) are embedded in the
// binary; `-profile=FILE` loads a user's own (format: docs/Profiles.md).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PROFILE_PROFILE_H
#define DSOCR_PROFILE_PROFILE_H

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class Diagnostics;

struct StageRule {
  std::string Name;
  std::vector<std::string> Prefixes; // dotted address prefixes
};

struct FanOutRule {
  std::string Match; // address glob of the family base (`**.mlp.experts`)
  std::string Note;  // shown on the folded group (`routed`)
};

struct NoteRule {
  std::string Match; // address glob of a node or of a variant's members
  std::string Note;
};

/// Defaults for the prune pass; command-line options override them.
struct PruneDefaults {
  llvm::Optional<unsigned> MaxDepth;
  bool Leaves = false;
  uint64_t MinOps = 0;
  std::vector<std::string> Patterns;
};

struct Profile {
  std::string Name;
  std::string Title; // heading of the Markdown report
  std::string Description;
  std::vector<StageRule> Stages; // in pipeline order
  std::vector<FanOutRule> FanOuts;
  std::vector<NoteRule> Notes;
  PruneDefaults Prune;
  /// How to recognise the profile's model: classes the trace must have
  /// (all of them). Empty: never chosen unless asked for.
  std::vector<std::string> RecognizeClasses;

  /// The stage whose longest prefix matches Address, or empty.
  llvm::StringRef stageFor(llvm::StringRef Address) const;
  /// Position of a stage in Stages (Stages.size() if unknown).
  size_t stageRank(llvm::StringRef Stage) const;
  /// The fan-out rule matching a family base, or null.
  const FanOutRule *fanOutFor(llvm::StringRef FamilyBase) const;
  /// Whether a trace with these module classes is the profile's model: it
  /// has every class of RecognizeClasses.
  bool recognises(const llvm::StringSet<> &Classes) const;
};

/// The profile of the first built-in model (in builtinProfileNames order,
/// `generic` aside) that a trace with these module classes is, else the
/// generic profile; Why says which and why (for the report).
std::unique_ptr<Profile> chooseBuiltinProfile(const llvm::StringSet<> &Classes,
                                              Diagnostics &Diags,
                                              std::string &Why);

/// Names of the profiles embedded in the binary, default first.
std::vector<std::string> builtinProfileNames();
/// The JSON text of a built-in profile, or empty if there is none by Name.
llvm::StringRef builtinProfileText(llvm::StringRef Name);

/// Parses a profile from Buffer (registered with Diags). Returns null after
/// reporting an error at the offending value.
std::unique_ptr<Profile> parseProfile(const llvm::MemoryBuffer &Buffer,
                                      Diagnostics &Diags);

/// Loads a built-in profile by name, or else a profile file by path.
std::unique_ptr<Profile> loadProfile(llvm::StringRef NameOrPath,
                                     Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_PROFILE_PROFILE_H
