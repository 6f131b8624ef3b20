//===- ProfileViews.cpp - Profile parts for events and the stage view -----===//
//
// Reading `events` (rules that turn runtime events into notes: kind,
// module, a condition on an integer field, the nodes to note and a note
// template) and `stage_groups` (profile stages shown as one line of the
// stage view), each problem reported at its value.
//
//===----------------------------------------------------------------------===//

#include "ProfileViews.h"

#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace dsocr;
using llvm::StringRef;

bool EventRule::compare(int64_t V) const {
  switch (Op) {
  case Compare::EQ:
    return V == Value;
  case Compare::NE:
    return V != Value;
  case Compare::LT:
    return V < Value;
  case Compare::LE:
    return V <= Value;
  case Compare::GT:
    return V > Value;
  case Compare::GE:
    return V >= Value;
  }
  return false;
}

StringRef Profile::stageGroupOf(StringRef Stage) const {
  for (const StageGroup &G : StageGroups)
    for (const std::string &S : G.Stages)
      if (S == Stage)
        return G.Name;
  return Stage;
}

static bool isFieldName(StringRef S) {
  return !S.empty() && llvm::all_of(S, [](char C) {
    return llvm::isAlnum(C) || C == '_';
  });
}

/// `FIELD OP INTEGER`, OP one of == != < <= > >=.
static bool parseCondition(JReader &R, const JValue &V, EventRule &Rule) {
  StringRef Text = StringRef(V.str()).trim();
  size_t OpAt = Text.find_first_of("=!<>");
  auto Bad = [&]() {
    return R.error(V.loc(), "malformed condition '" + V.str() +
                                "' (expected FIELD OP INTEGER, OP one of "
                                "==, !=, <, <=, >, >=)");
  };
  if (OpAt == StringRef::npos)
    return Bad();
  StringRef Field = Text.substr(0, OpAt).trim();
  StringRef Rest = Text.substr(OpAt);
  using C = EventRule::Compare;
  static const std::pair<const char *, C> Ops[] = {
      {"==", C::EQ}, {"!=", C::NE}, {"<=", C::LE},
      {">=", C::GE}, {"<", C::LT},  {">", C::GT}};
  bool Found = false;
  for (const auto &[Spelling, Op] : Ops)
    if (Rest.consume_front(Spelling)) {
      Rule.Op = Op;
      Found = true;
      break;
    }
  Rest = Rest.trim();
  if (!Found || !isFieldName(Field) || Rest.getAsInteger(10, Rule.Value))
    return Bad();
  Rule.Field = Field.str();
  return true;
}

/// A note template: `{field}` placeholders with field names; no stray
/// braces.
static bool checkTemplate(JReader &R, const JValue &V) {
  StringRef T = V.str();
  if (T.empty())
    return R.error(V.loc(), "an event rule's 'note' must not be empty");
  for (size_t I = 0; I < T.size(); ++I) {
    if (T[I] == '}')
      return R.error(V.loc(), "a '}' without '{' in note '" + T + "'");
    if (T[I] != '{')
      continue;
    size_t Close = T.find('}', I);
    if (Close == StringRef::npos ||
        !isFieldName(T.slice(I + 1, Close)))
      return R.error(V.loc(), "malformed field in note '" + T +
                                  "' (expected {name}, a field of the "
                                  "event)");
    I = Close;
  }
  return true;
}

bool dsocr::parseEventRules(JReader &R, const JValue &List, Profile &P) {
  if (!R.expectKind(List, JValue::Kind::Array, "'events'"))
    return false;
  for (const JValue &E : List.elements()) {
    EventRule Rule;
    Rule.Loc = E.loc();
    if (!R.expectKind(E, JValue::Kind::Object, "an entry of 'events'") ||
        !R.checkKeys(E, {"kind", "module", "if", "match", "note"},
                     "an entry of 'events'"))
      return false;
    const JValue *Kind = E.get("kind"), *Match = E.get("match"),
                 *Note = E.get("note");
    if (!Kind || !Match || !Note)
      return R.error(E.loc(),
                     "an entry of 'events' needs 'kind', 'match' and 'note'");
    if (!R.getString(*Kind, "an event rule's 'kind'", Rule.Kind))
      return false;
    if (Rule.Kind.empty())
      return R.error(Kind->loc(), "an event rule's 'kind' must not be empty");
    if (const JValue *M = E.get("module"))
      if (!R.getString(*M, "an event rule's 'module'", Rule.Module))
        return false;
    if (const JValue *If = E.get("if"))
      if (!R.expectKind(*If, JValue::Kind::String, "an event rule's 'if'") ||
          !parseCondition(R, *If, Rule))
        return false;
    if (Match->isString())
      Rule.Match.push_back(Match->str());
    else if (!R.getStringList(*Match, "an event rule's 'match'", Rule.Match))
      return false;
    if (Rule.Match.empty())
      return R.error(Match->loc(), "an event rule's 'match' must name at "
                                   "least one glob");
    for (size_t I = 0; I < Rule.Match.size(); ++I)
      if (!checkGlob(R, Match->isArray() ? Match->elements()[I] : *Match,
                     Rule.Match[I]))
        return false;
    if (!R.getString(*Note, "an event rule's 'note'", Rule.Note) ||
        !checkTemplate(R, *Note))
      return false;
    P.Events.push_back(std::move(Rule));
  }
  return true;
}

bool dsocr::parseStageGroups(JReader &R, const JValue &List, Profile &P) {
  if (!R.expectKind(List, JValue::Kind::Array, "'stage_groups'"))
    return false;
  llvm::StringSet<> Names, Grouped;
  for (const JValue &E : List.elements()) {
    StageGroup G;
    if (!R.expectKind(E, JValue::Kind::Object, "a stage group") ||
        !R.checkKeys(E, {"name", "stages"}, "a stage group"))
      return false;
    const JValue *Name = E.get("name"), *Stages = E.get("stages");
    if (!Name || !Stages)
      return R.error(E.loc(), "a stage group needs 'name' and 'stages'");
    if (!R.getString(*Name, "a stage group's 'name'", G.Name) ||
        !R.getStringList(*Stages, "a stage group's 'stages'", G.Stages))
      return false;
    if (G.Name.empty())
      return R.error(Name->loc(), "a stage group's name must not be empty");
    if (!Names.insert(G.Name).second)
      return R.error(Name->loc(),
                     "stage group '" + G.Name + "' is defined twice");
    if (G.Stages.empty())
      return R.error(Stages->loc(), "a stage group needs at least one stage");
    for (size_t I = 0; I < G.Stages.size(); ++I) {
      const JValue &At = Stages->elements()[I];
      if (P.stageRank(G.Stages[I]) == P.Stages.size())
        return R.error(At.loc(), "stage group '" + G.Name +
                                     "' names '" + G.Stages[I] +
                                     "', which is not a stage of the "
                                     "profile");
      if (!Grouped.insert(G.Stages[I]).second)
        return R.error(At.loc(), "stage '" + G.Stages[I] +
                                     "' is in more than one stage group");
    }
    P.StageGroups.push_back(std::move(G));
  }
  return true;
}
