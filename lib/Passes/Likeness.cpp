//===- Likeness.cpp - Which members of a family fold together -------------===//
//
// The rule of Likeness.h: container classes by signature and parameters,
// other classes by their children's places and classes.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/Likeness.h"

#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/Signature.h"
#include "dsocr/Support/Address.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>

using namespace dsocr;
using llvm::StringRef;

MemberLikeness::MemberLikeness(const CallGraph &G, StructuralSignatures &Sigs)
    : Sigs(Sigs) {
  // A class holds others only if its called instances hold something and
  // run nothing themselves.
  G.walkPreOrder([&](Node *N) {
    if (!N->isRoot() && N->calls() > 0 &&
        (N->ops() > 0 || N->children().empty()))
      BusyClasses.insert(N->className());
    AnyParams |= N->hasExtra() && !N->extra()->Meta.Params.empty();
  });
}

const MemberLikeness::ParamPlaces &MemberLikeness::paramsOf(const Node &N) {
  static const ParamPlaces None;
  if (!AnyParams)
    return None; // a trace without constructor parameters
  auto It = Params.find(&N);
  if (It != Params.end())
    return It->second;
  ParamPlaces Out;
  llvm::SmallString<64> Scratch;
  std::vector<std::pair<const Node *, std::string>> Stack{{&N, ""}};
  while (!Stack.empty()) {
    auto [M, Place] = Stack.back();
    Stack.pop_back();
    if (M->hasExtra() && !M->extra()->Meta.Params.empty())
      Out.push_back({Place, M->extra()->Meta.Params});
    for (const Node *C : M->children()) {
      StringRef Rel = relativeKey(*M, *C, Scratch);
      Stack.push_back({C, Place.empty() ? Rel.str() : Place + "." + Rel.str()});
    }
  }
  std::sort(Out.begin(), Out.end());
  return Params[&N] = std::move(Out);
}

/// The key of C's place among N's children: its relative address, or, for
/// a member of a fan-out family recorded on N, the family as a whole.
static std::string placeOf(const Node &N, const Node &C,
                           llvm::SmallVectorImpl<char> &Scratch) {
  if (const NodeExtra *X = N.extra()) {
    FamilyMemberName Name;
    if (splitFamilyMember(C.address(), Name))
      for (const Family &F : X->Families)
        if (F.Kind == FoldKind::ParFor && F.Base == Name.Base &&
            F.Stem == Name.Stem && F.Members.contains(Name.Index)) {
          // The family's base relative to N, so that the same family in
          // two members is one place.
          StringRef Base = F.Base;
          if (!N.isRoot() && Base.startswith(N.address()))
            Base = Base.drop_front(N.address().size());
          return ("\x1f" + Base + "." + F.Stem).str();
        }
  }
  return relativeKey(N, C, Scratch).str();
}

unsigned MemberLikeness::differingChildren(const Node &A, const Node &B,
                                           unsigned &Of) {
  llvm::SmallString<64> Scratch;
  llvm::StringMap<const Node *> InA; // place -> the first child there
  for (const Node *C : A.children())
    InA.try_emplace(placeOf(A, *C, Scratch), C);
  llvm::StringSet<> InB;
  unsigned Differ = 0;
  for (const Node *C : B.children()) {
    std::string Place = placeOf(B, *C, Scratch);
    if (!InB.insert(Place).second)
      continue;
    auto It = InA.find(Place);
    // A container child says what it is by its contents.
    if (It == InA.end() || It->second->className() != C->className() ||
        (isContainerClass(C->className()) &&
         Sigs.of(*It->second) != Sigs.of(*C)))
      ++Differ;
  }
  for (const auto &E : InA)
    if (!InB.count(E.getKey()))
      ++Differ;
  Of = std::max<unsigned>(InA.size(), InB.size());
  return Differ;
}

bool MemberLikeness::alike(const Node &A, const Node &B) {
  const ParamPlaces &PA = paramsOf(A), &PB = paramsOf(B);
  bool HaveParams = !PA.empty() && !PB.empty();
  if (isContainerClass(A.className()))
    return Sigs.of(A) == Sigs.of(B) && (!HaveParams || PA == PB);
  unsigned Of = 0;
  unsigned Differ = differingChildren(A, B, Of);
  if (Differ > std::max(1u, Of / 4) || (Of > 0 && Differ == Of))
    return false;
  if (!HaveParams)
    return true;
  // Something besides the class must be shared: one place with the same
  // parameters in both.
  size_t I = 0, J = 0;
  while (I < PA.size() && J < PB.size()) {
    if (PA[I].first < PB[J].first) {
      ++I;
    } else if (PB[J].first < PA[I].first) {
      ++J;
    } else {
      if (PA[I].second == PB[J].second)
        return true;
      ++I;
      ++J;
    }
  }
  return false;
}
