//===- EventNotes.h - Runtime events as notes on nodes -----------*- C++ -*-===//
//
// The profile's `events` rules turn the traced run's events into notes
// (annotate-stage calls this after the profile's own notes): for every
// event and every rule of its kind (and module) whose condition holds, the
// rule's note, its `{field}`s filled from the event, goes on every node
// whose address one of the rule's globs matches. Events of kinds no rule
// names are kept in the IR and shown, never an error.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_PASSES_EVENTNOTES_H
#define DSOCR_PASSES_EVENTNOTES_H

#include "llvm/ADT/Optional.h"

#include <string>

namespace dsocr {

class CallGraph;
struct EventRule;
struct Profile;
struct RuntimeEvent;

/// The note Rule makes of E, or None if the rule does not apply to it.
llvm::Optional<std::string> eventNote(const EventRule &Rule,
                                      const RuntimeEvent &E);

/// Attaches the notes of every applicable rule; returns how many.
unsigned attachEventNotes(CallGraph &G, const Profile &Prof);

} // namespace dsocr

#endif // DSOCR_PASSES_EVENTNOTES_H
