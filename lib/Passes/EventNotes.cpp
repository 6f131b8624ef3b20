//===- EventNotes.cpp - Runtime events as notes on nodes ------------------===//
//
// Matching events to the profile's rules, filling note templates, and
// attaching the notes (see EventNotes.h).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/EventNotes.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/IR/RuntimeEvents.h"
#include "dsocr/Passes/Fold.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Address.h"

using namespace dsocr;

llvm::Optional<std::string> dsocr::eventNote(const EventRule &Rule,
                                             const RuntimeEvent &E) {
  if (E.Kind != Rule.Kind || (!Rule.Module.empty() && E.Module != Rule.Module))
    return llvm::None;
  if (!Rule.Field.empty()) {
    llvm::Optional<int64_t> V = eventInteger(E, Rule.Field);
    if (!V || !Rule.compare(*V))
      return llvm::None;
  }
  // The profile checked the template: every `{` opens a field name.
  std::string Note;
  llvm::StringRef T = Rule.Note;
  while (!T.empty()) {
    size_t Open = T.find('{');
    Note += T.substr(0, Open).str();
    if (Open == llvm::StringRef::npos)
      break;
    size_t Close = T.find('}', Open);
    llvm::Optional<std::string> Field =
        eventFieldText(E, T.slice(Open + 1, Close));
    if (!Field)
      return llvm::None;
    Note += *Field;
    T = T.drop_front(Close + 1);
  }
  return Note;
}

unsigned dsocr::attachEventNotes(CallGraph &G, const Profile &Prof) {
  unsigned Attached = 0;
  for (const RuntimeEvent &E : G.runtimeEvents())
    for (const EventRule &Rule : Prof.Events) {
      llvm::Optional<std::string> Note = eventNote(Rule, E);
      if (!Note)
        continue;
      G.walkPreOrder([&](Node *N) {
        if (N->isRoot())
          return;
        for (const std::string &Glob : Rule.Match)
          if (matchAddressGlob(Glob, N->address())) {
            addNote(N->getOrCreateExtra().Notes, *Note);
            ++Attached;
            return;
          }
      });
    }
  return Attached;
}
