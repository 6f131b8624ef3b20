//===- ProfileViews.h - Profile parts for events and the stage view -*- C++ -*-//
//
// Private to lib/Profile: the readers of a profile's `events` rules and
// `stage_groups`, which Profile.cpp calls, and the glob check they share
// with it.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_LIB_PROFILE_PROFILEVIEWS_H
#define DSOCR_LIB_PROFILE_PROFILEVIEWS_H

#include "llvm/ADT/StringRef.h"

namespace dsocr {

class JReader;
class JValue;
struct Profile;

/// Reports a malformed address glob at V.
bool checkGlob(JReader &R, const JValue &V, llvm::StringRef Glob);
/// `events`: a list of rules (after `stages`, which they may not name).
bool parseEventRules(JReader &R, const JValue &List, Profile &P);
/// `stage_groups`: needs the profile's stages parsed.
bool parseStageGroups(JReader &R, const JValue &List, Profile &P);

} // namespace dsocr

#endif // DSOCR_LIB_PROFILE_PROFILEVIEWS_H
