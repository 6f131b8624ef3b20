//===- Profile.cpp - Model knowledge as data ------------------------------===//
//
// Reading profiles (built-in or from a file) and the lookups passes use.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Profile/Profile.h"

#include "ProfileViews.h"

#include "dsocr/Support/Address.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Support/EmbeddedFiles.h"
#include "dsocr/Support/LocatedJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;
using llvm::StringRef;

namespace {
// Generated from lib/Profile/builtin/*.json (lib/Profile/CMakeLists.txt).
#include "BuiltinProfiles.inc"
constexpr EmbeddedFiles Builtins(BuiltinProfiles, "profile");
} // namespace

std::vector<std::string> dsocr::builtinProfileNames() {
  return Builtins.names();
}

StringRef dsocr::builtinProfileText(StringRef Name) {
  return Builtins.text(Name);
}

StringRef Profile::stageFor(StringRef Address) const {
  StringRef Best;
  size_t BestLen = 0;
  for (const StageRule &S : Stages)
    for (const std::string &Prefix : S.Prefixes)
      if (hasSegmentPrefix(Address, Prefix) &&
          (Best.empty() || Prefix.size() > BestLen)) {
        Best = S.Name;
        BestLen = Prefix.size();
      }
  return Best;
}

size_t Profile::stageRank(StringRef Stage) const {
  for (size_t I = 0; I < Stages.size(); ++I)
    if (Stages[I].Name == Stage)
      return I;
  return Stages.size();
}

std::vector<const FamilyRule *> Profile::familiesAt(StringRef Address) const {
  std::vector<const FamilyRule *> Out;
  for (const FamilyRule &R : Families)
    if (matchAddressGlob(R.Match, Address))
      Out.push_back(&R);
  return Out;
}

const FanOutRule *Profile::fanOutFor(StringRef FamilyBase) const {
  for (const FanOutRule &R : FanOuts)
    if (matchAddressGlob(R.Match, FamilyBase))
      return &R;
  return nullptr;
}

bool Profile::recognises(const llvm::StringSet<> &Classes) const {
  return !RecognizeClasses.empty() &&
         llvm::all_of(RecognizeClasses,
                      [&](const std::string &C) { return Classes.count(C); });
}

std::unique_ptr<Profile>
dsocr::chooseBuiltinProfile(const llvm::StringSet<> &Classes,
                            Diagnostics &Diags, std::string &Why) {
  for (const std::string &Name : builtinProfileNames()) {
    if (Name == "generic")
      continue;
    std::unique_ptr<Profile> P = loadProfile(Name, Diags);
    if (P && P->recognises(Classes)) {
      Why =
          "recognised: the trace has " + llvm::join(P->RecognizeClasses, ", ");
      return P;
    }
  }
  Why = "no built-in profile recognised the model";
  return loadProfile("generic", Diags);
}

bool dsocr::checkGlob(JReader &R, const JValue &V, StringRef Glob) {
  if (Glob.empty())
    return R.error(V.loc(), "an address glob must not be empty");
  llvm::SmallVector<StringRef, 8> Segs;
  Glob.split(Segs, '.');
  for (StringRef S : Segs) {
    if (S.empty())
      return R.error(V.loc(),
                     "address glob '" + Glob + "' has an empty segment");
    // An index set, alone (`[2,5]`) or after a stem (`layer[1-2]`).
    size_t Open = S.find('[');
    if (Open != StringRef::npos && (Open == 0 || S[Open - 1] != '\\')) {
      IndexStyle Style;
      StringRef Set = S.drop_front(Open + 1);
      if (!Set.endswith("]") || Set.size() == 1 ||
          !parseIndexSetText(Set.drop_back(), Style))
        return R.error(V.loc(), "address glob '" + Glob +
                                    "' has a malformed index set '" + S + "'");
    }
  }
  return true;
}

namespace {

/// Reads the parts of a profile document into a Profile, reporting the
/// first problem at its value.
class ProfileParser {
public:
  ProfileParser(Diagnostics &Diags, Profile &P) : R(Diags), P(P) {}
  bool parse(const JValue &Doc);

private:
  bool parseHeader(const JValue &Doc);
  bool parseRecognize(const JValue &Rec);
  bool parseStages(const JValue &Stages);
  /// The list of {match, note} rules under Key (fanout, notes).
  template <typename RuleT>
  bool parseRules(const JValue &Doc, StringRef Key, std::vector<RuleT> &Out);
  bool parsePrune(const JValue &Prune);
  bool parseFamilies(const JValue &Families);

  JReader R;
  Profile &P;
};

} // namespace

bool ProfileParser::parse(const JValue &Doc) {
  if (!R.expectKind(Doc, JValue::Kind::Object, "a profile") ||
      !R.checkKeys(Doc,
                   {"name", "title", "description", "recognize", "stages",
                    "fanout", "families", "notes", "prune", "events",
                    "stage_groups"},
                   "a profile") ||
      !parseHeader(Doc))
    return false;
  if (const JValue *Rec = Doc.get("recognize"))
    if (!parseRecognize(*Rec))
      return false;
  if (const JValue *Stages = Doc.get("stages"))
    if (!parseStages(*Stages))
      return false;
  if (!parseRules(Doc, "fanout", P.FanOuts) ||
      !parseRules(Doc, "notes", P.Notes))
    return false;
  if (const JValue *Families = Doc.get("families"))
    if (!parseFamilies(*Families))
      return false;
  for (size_t I = 0; I < P.Notes.size(); ++I)
    if (P.Notes[I].Note.empty())
      return R.error(Doc.get("notes")->elements()[I].loc(),
                     "an entry of 'notes' needs a non-empty 'note'");
  if (const JValue *Events = Doc.get("events"))
    if (!parseEventRules(R, *Events, P))
      return false;
  if (const JValue *Groups = Doc.get("stage_groups"))
    if (!parseStageGroups(R, *Groups, P))
      return false;
  if (const JValue *Prune = Doc.get("prune"))
    return parsePrune(*Prune);
  return true;
}

bool ProfileParser::parseHeader(const JValue &Doc) {
  const JValue *Name = Doc.get("name");
  if (!Name)
    return R.error(Doc.loc(), "a profile needs a 'name'");
  if (!R.getString(*Name, "'name'", P.Name))
    return false;
  if (const JValue *V = Doc.get("title"))
    if (!R.getString(*V, "'title'", P.Title))
      return false;
  if (P.Title.empty())
    P.Title = "Call graph";
  if (const JValue *V = Doc.get("description"))
    if (!R.getString(*V, "'description'", P.Description))
      return false;
  return true;
}

bool ProfileParser::parseRecognize(const JValue &Rec) {
  if (!R.expectKind(Rec, JValue::Kind::Object, "'recognize'") ||
      !R.checkKeys(Rec, {"classes"}, "'recognize'"))
    return false;
  const JValue *Classes = Rec.get("classes");
  if (!Classes)
    return R.error(Rec.loc(), "'recognize' needs 'classes'");
  if (!R.getStringList(*Classes, "'classes'", P.RecognizeClasses))
    return false;
  if (P.RecognizeClasses.empty())
    return R.error(Classes->loc(), "'classes' must name at least one class");
  return true;
}

bool ProfileParser::parseStages(const JValue &Stages) {
  if (!R.expectKind(Stages, JValue::Kind::Array, "'stages'"))
    return false;
  for (const JValue &S : Stages.elements()) {
    StageRule Rule;
    if (!R.expectKind(S, JValue::Kind::Object, "a stage") ||
        !R.checkKeys(S, {"name", "prefixes"}, "a stage"))
      return false;
    const JValue *N = S.get("name"), *Pre = S.get("prefixes");
    if (!N || !Pre)
      return R.error(S.loc(), "a stage needs 'name' and 'prefixes'");
    if (!R.getString(*N, "a stage's 'name'", Rule.Name) ||
        !R.getStringList(*Pre, "a stage's 'prefixes'", Rule.Prefixes))
      return false;
    if (Rule.Name.empty())
      return R.error(N->loc(), "a stage's name must not be empty");
    for (const StageRule &Other : P.Stages)
      if (Other.Name == Rule.Name)
        return R.error(N->loc(), "stage '" + Rule.Name + "' is defined twice");
    P.Stages.push_back(std::move(Rule));
  }
  return true;
}

template <typename RuleT>
bool ProfileParser::parseRules(const JValue &Doc, StringRef Key,
                               std::vector<RuleT> &Out) {
  const JValue *List = Doc.get(Key);
  if (!List)
    return true;
  if (!R.expectKind(*List, JValue::Kind::Array, "'" + Key + "'"))
    return false;
  for (const JValue &E : List->elements()) {
    if (!R.expectKind(E, JValue::Kind::Object, "an entry of '" + Key + "'") ||
        !R.checkKeys(E, {"match", "note"}, "an entry of '" + Key + "'"))
      return false;
    const JValue *M = E.get("match");
    if (!M)
      return R.error(E.loc(), "an entry of '" + Key + "' needs 'match'");
    RuleT Rule;
    if (!R.getString(*M, "'match'", Rule.Match) ||
        !checkGlob(R, *M, Rule.Match))
      return false;
    if (const JValue *N = E.get("note"))
      if (!R.getString(*N, "'note'", Rule.Note))
        return false;
    Out.push_back(std::move(Rule));
  }
  return true;
}

bool ProfileParser::parseFamilies(const JValue &Families) {
  if (!R.expectKind(Families, JValue::Kind::Array, "'families'"))
    return false;
  for (const JValue &E : Families.elements()) {
    if (!R.expectKind(E, JValue::Kind::Object, "an entry of 'families'") ||
        !R.checkKeys(E, {"match", "members", "kind", "note"},
                     "an entry of 'families'"))
      return false;
    const JValue *M = E.get("match"), *Members = E.get("members");
    if (!M || !Members)
      return R.error(E.loc(),
                     "an entry of 'families' needs 'match' and 'members'");
    FamilyRule Rule;
    if (!R.getString(*M, "'match'", Rule.Match) ||
        !checkGlob(R, *M, Rule.Match) ||
        !R.getStringList(*Members, "'members'", Rule.Members))
      return false;
    if (Rule.Members.size() < 2)
      return R.error(Members->loc(), "'members' must name at least two "
                                     "modules");
    llvm::StringSet<> Seen;
    for (size_t I = 0; I < Rule.Members.size(); ++I) {
      StringRef Name = Rule.Members[I];
      const JValue &At = Members->elements()[I];
      // A member is one segment of a plain name: the pattern of the group,
      // `parent.{a,b}`, must read back.
      if (Name.empty() || Name.find_first_of(".[]*\\{},") != StringRef::npos)
        return R.error(At.loc(), "member '" + Name +
                                     "' must be one plain name segment (no "
                                     "'.', brackets, braces, ',', '*' or "
                                     "'\\')");
      if (!Seen.insert(Name).second)
        return R.error(At.loc(), "member '" + Name + "' is listed twice");
    }
    if (const JValue *N = E.get("note"))
      if (!R.getString(*N, "'note'", Rule.Note))
        return false;
    if (const JValue *K = E.get("kind")) {
      std::string Kind;
      if (!R.getString(*K, "'kind'", Kind))
        return false;
      if (Kind != "for" && Kind != "parfor")
        return R.error(K->loc(), "'kind' must be 'for' or 'parfor'");
      Rule.FanOut = Kind == "parfor";
    }
    P.Families.push_back(std::move(Rule));
  }
  return true;
}

bool ProfileParser::parsePrune(const JValue &Prune) {
  if (!R.expectKind(Prune, JValue::Kind::Object, "'prune'") ||
      !R.checkKeys(Prune, {"max_depth", "leaves", "min_ops", "patterns"},
                   "'prune'"))
    return false;
  if (const JValue *V = Prune.get("max_depth")) {
    uint64_t D;
    if (!R.getUInt(*V, "'max_depth'", D))
      return false;
    P.Prune.MaxDepth = unsigned(std::min<uint64_t>(D, 1u << 30));
  }
  if (const JValue *V = Prune.get("leaves"))
    if (!R.getBool(*V, "'leaves'", P.Prune.Leaves))
      return false;
  if (const JValue *V = Prune.get("min_ops"))
    if (!R.getUInt(*V, "'min_ops'", P.Prune.MinOps))
      return false;
  if (const JValue *V = Prune.get("patterns")) {
    if (!R.getStringList(*V, "'patterns'", P.Prune.Patterns))
      return false;
    for (const std::string &G : P.Prune.Patterns)
      if (!checkGlob(R, *V, G))
        return false;
  }
  return true;
}

std::unique_ptr<Profile> dsocr::parseProfile(const llvm::MemoryBuffer &Buf,
                                             Diagnostics &Diags) {
  std::unique_ptr<JValue> Doc = parseLocatedJSON(Buf, Diags);
  if (!Doc)
    return nullptr;
  auto P = std::make_unique<Profile>();
  if (!ProfileParser(Diags, *P).parse(*Doc))
    return nullptr;
  return P;
}

std::unique_ptr<Profile> dsocr::loadProfile(StringRef NameOrPath,
                                            Diagnostics &Diags) {
  const llvm::MemoryBuffer *B =
      Builtins.open(NameOrPath, /*AllowStdin=*/false, Diags);
  return B ? parseProfile(*B, Diags) : nullptr;
}
