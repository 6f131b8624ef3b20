//===- Variants.cpp - What tells the members of a group apart -------------===//
//
// Parameter variants and the merging of variants that read the same.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/Variants.h"

#include "dsocr/IR/Metadata.h"
#include "dsocr/Passes/Signature.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <map>
#include <set>

using namespace dsocr;

namespace {

/// Place in the member (`` for the member itself) and parameter name.
using ParamKey = std::pair<std::string, std::string>;
/// A member's parameters: ParamKey -> canonical JSON of the value(s).
using MemberParams = std::map<ParamKey, std::string>;

/// Whether any module in M's subtree has constructor parameters.
bool subtreeHasParams(const Node &M) {
  std::vector<const Node *> Stack{&M};
  while (!Stack.empty()) {
    const Node *N = Stack.back();
    Stack.pop_back();
    if (N->hasExtra() && !summaryOf(*N).Params.empty())
      return true;
    Stack.insert(Stack.end(), N->children().begin(), N->children().end());
  }
  return false;
}

MemberParams paramsOfMember(const Node &M) {
  MemberParams Out;
  if (!subtreeHasParams(M))
    return Out; // no place strings to build
  llvm::SmallString<64> Scratch;
  std::vector<std::pair<const Node *, std::string>> Stack{{&M, ""}};
  while (!Stack.empty()) {
    auto [N, Place] = Stack.back();
    Stack.pop_back();
    MetadataSummary S = summaryOf(*N);
    for (const auto &[Name, Values] : S.Params) {
      std::string V;
      for (const ParamValue &PV : Values)
        V += (V.empty() ? "" : "|") + PV.JSON;
      Out[{Place, Name}] = V;
    }
    for (const Node *C : N->children()) {
      llvm::StringRef Rel = relativeKey(*N, *C, Scratch);
      Stack.push_back({C, Place.empty() ? Rel.str() : Place + "." + Rel.str()});
    }
  }
  return Out;
}

std::string keyText(const ParamKey &K) {
  return K.first.empty() ? K.second : K.first + "." + K.second;
}

/// `in_channels 64-224 (6 values)`, or `padding_mode 2 values`.
std::string rangeText(const ParamKey &K, const std::set<std::string> &Values) {
  bool Integers = true;
  int64_t Lo = INT64_MAX, Hi = INT64_MIN;
  for (const std::string &V : Values) {
    int64_t I;
    if (llvm::StringRef(V).getAsInteger(10, I)) {
      Integers = false;
      break;
    }
    Lo = std::min(Lo, I);
    Hi = std::max(Hi, I);
  }
  std::string T = keyText(K) + " ";
  if (Integers)
    T += std::to_string(Lo) + "-" + std::to_string(Hi) + " (" +
         std::to_string(Values.size()) + " values)";
  else
    T += std::to_string(Values.size()) + " values";
  return T;
}

/// Whether parameter K takes two values inside one structural variant.
/// A parameter that differs only between structural variants (the MoE's
/// `n_routed_experts` against a dense MLP's nothing) is told by the variant
/// already.
bool variesWithinAVariant(const ParamKey &K,
                          const std::vector<Variant> &Variants,
                          const std::map<uint64_t, MemberParams> &Params) {
  if (Variants.empty())
    return true;
  for (const Variant &V : Variants) {
    std::set<std::string> Values;
    V.Members.forEach([&](uint64_t I) {
      auto P = Params.find(I);
      if (P == Params.end())
        return;
      auto It = P->second.find(K);
      Values.insert(It == P->second.end() ? "(none)" : It->second);
    });
    if (Values.size() > 1)
      return true;
  }
  return false;
}

} // namespace

void dsocr::addParamVariants(
    std::vector<Variant> &Variants,
    const std::vector<std::pair<uint64_t, Node *>> &Members,
    unsigned MaxVariants, std::vector<std::string> &GroupNotes) {
  // The parameters of the called members, and where they differ.
  std::map<uint64_t, MemberParams> Params;
  std::set<ParamKey> Keys;
  for (const auto &[Index, M] : Members) {
    if (M->activeInstances() == 0)
      continue;
    MemberParams P = paramsOfMember(*M);
    for (const auto &E : P)
      Keys.insert(E.first);
    Params[Index] = std::move(P);
  }
  if (Keys.empty() || Params.size() < 2)
    return;
  std::vector<ParamKey> Differing;
  for (const ParamKey &K : Keys) {
    std::set<std::string> Values;
    for (const auto &[Index, P] : Params) {
      auto It = P.find(K);
      Values.insert(It == P.end() ? "(none)" : It->second);
    }
    if (Values.size() > 1 && variesWithinAVariant(K, Variants, Params))
      Differing.push_back(K);
  }
  if (Differing.empty())
    return;
  auto ValuesOf = [&](uint64_t Index) {
    std::vector<std::string> V;
    const MemberParams &P = Params[Index];
    for (const ParamKey &K : Differing) {
      auto It = P.find(K);
      V.push_back(It == P.end() ? "(none)" : It->second);
    }
    return V;
  };
  std::set<std::vector<std::string>> Sets;
  for (const auto &E : Params)
    Sets.insert(ValuesOf(E.first));
  if (Sets.size() > std::max(1u, MaxVariants)) {
    // Too many to list: say what varies, and over what.
    std::string Note = "params vary: ";
    for (size_t I = 0; I < Differing.size() && I < 4; ++I) {
      std::set<std::string> Values;
      for (const auto &E : Params) {
        auto It = E.second.find(Differing[I]);
        Values.insert(It == E.second.end() ? "(none)" : It->second);
      }
      Note += (I ? ", " : "") + rangeText(Differing[I], Values);
    }
    if (Differing.size() > 4)
      Note += ", +" + std::to_string(Differing.size() - 4) + " more";
    GroupNotes.push_back(Note);
    return;
  }
  // Split each variant by parameter set; name the values that set it apart.
  if (Variants.empty()) {
    Variant All;
    for (const auto &E : Params)
      All.Members.insert(E.first);
    Variants.push_back(std::move(All));
  }
  std::vector<Variant> Out;
  for (Variant &V : Variants) {
    std::map<std::vector<std::string>, IndexSet> BySet;
    V.Members.forEach([&](uint64_t I) {
      if (Params.count(I))
        BySet[ValuesOf(I)].insert(I);
    });
    for (auto &[Values, Members] : BySet) {
      Variant Part = V;
      Part.Members = Members;
      std::string Text;
      for (size_t I = 0; I < Differing.size() && I < 3; ++I)
        Text += (I ? ", " : "") + keyText(Differing[I]) + "=" + Values[I];
      if (Differing.size() > 3)
        Text += ", +" + std::to_string(Differing.size() - 3) + " more";
      Part.Differs.push_back(Text);
      Out.push_back(std::move(Part));
    }
  }
  Variants = std::move(Out);
}

void dsocr::mergeAlikeVariants(std::vector<Variant> &Variants) {
  std::vector<Variant> Out;
  for (Variant &V : Variants) {
    auto Same = llvm::find_if(Out, [&](const Variant &O) {
      return O.OpsMin == V.OpsMin && O.OpsMax == V.OpsMax &&
             O.Differs == V.Differs && O.Notes == V.Notes;
    });
    if (Same == Out.end())
      Out.push_back(std::move(V));
    else
      Same->Members.unionWith(V.Members);
  }
  std::sort(Out.begin(), Out.end(), [](const Variant &A, const Variant &B) {
    return A.Members.min() < B.Members.min();
  });
  Variants = std::move(Out);
}
