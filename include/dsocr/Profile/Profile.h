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

/// A family no naming rule finds: the children of a node matching Match
/// named by Members (in this order: member I is Members[I]).
struct FamilyRule {
  std::string Match;                // address glob of the parent
  std::vector<std::string> Members; // last segments of the members
  std::string Note;                 // shown on the folded group
  /// `for` or `parfor` when the profile says; else from the trace.
  llvm::Optional<bool> FanOut;
};

struct NoteRule {
  std::string Match; // address glob of a node or of a variant's members
  std::string Note;
};

/// Turns a runtime event of the traced run into a note on nodes
/// (docs/Profiles.md, "Events").
struct EventRule {
  std::string Kind;               // the event's kind
  std::string Module;             // the event's module; empty: any
  std::vector<std::string> Match; // address globs of the nodes noted
  /// `if`: Field Op Value on an integer field of the event; no Field: the
  /// rule always applies.
  std::string Field;
  enum class Compare { EQ, NE, LT, LE, GT, GE } Op = Compare::EQ;
  int64_t Value = 0;
  /// The note, with `{field}` replaced by the event's field (the rule is
  /// skipped for an event without it).
  std::string Note;
  const char *Loc = nullptr;
  bool compare(int64_t V) const;
};

/// Stages shown as one line by the stage view (collapse-stages).
struct StageGroup {
  std::string Name;
  std::vector<std::string> Stages; // names of stages in `stages`
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
  std::vector<FamilyRule> Families;
  std::vector<NoteRule> Notes;
  std::vector<EventRule> Events;
  std::vector<StageGroup> StageGroups;
  PruneDefaults Prune;
  /// How to recognise the profile's model: classes the trace must have
  /// (all of them). Empty: never chosen unless asked for.
  std::vector<std::string> RecognizeClasses;

  /// The stage whose longest prefix matches Address, or empty.
  llvm::StringRef stageFor(llvm::StringRef Address) const;
  /// Position of a stage in Stages (Stages.size() if unknown).
  size_t stageRank(llvm::StringRef Stage) const;
  /// The line of the stage view Stage belongs to: its group's name, or
  /// Stage itself when no group lists it.
  llvm::StringRef stageGroupOf(llvm::StringRef Stage) const;
  /// The family rules whose parent glob matches Address.
  std::vector<const FamilyRule *> familiesAt(llvm::StringRef Address) const;
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
