//===- AddressTest.cpp - Tests of address utilities -----------------------===//

#include "dsocr/Support/Address.h"

#include "gtest/gtest.h"

#include <random>
#include <string>
#include <vector>

using namespace dsocr;

TEST(AddressTest, SplitsIndexedAddresses) {
  llvm::StringRef Base;
  uint64_t Index = 0;
  ASSERT_TRUE(splitIndexedAddress("sam_model.blocks.11", Base, Index));
  EXPECT_EQ(Base, "sam_model.blocks");
  EXPECT_EQ(Index, 11u);
  EXPECT_FALSE(splitIndexedAddress("sam_model.blocks", Base, Index));
  EXPECT_FALSE(splitIndexedAddress("12", Base, Index));
  EXPECT_FALSE(splitIndexedAddress("a.b1", Base, Index));
  EXPECT_FALSE(splitIndexedAddress("layers.05", Base, Index));
  EXPECT_TRUE(splitIndexedAddress("layers.0", Base, Index));
}

TEST(AddressTest, NaturalOrderComparesIndicesAsNumbers) {
  EXPECT_LT(compareNatural("layers.2", "layers.10"), 0);
  EXPECT_GT(compareNatural("layers.10", "layers.9"), 0);
  EXPECT_LT(compareNatural("layers", "layers.0"), 0);
  EXPECT_LT(compareNatural("a.0.x", "a.0.y"), 0);
  EXPECT_EQ(compareNatural("a.b", "a.b"), 0);
  // Indices sort before names.
  EXPECT_LT(compareNatural("a.7", "a.b"), 0);
}

TEST(AddressTest, SegmentPrefixes) {
  EXPECT_TRUE(hasSegmentPrefix("layers.[0-11]", "layers"));
  EXPECT_TRUE(hasSegmentPrefix("layers", "layers"));
  EXPECT_FALSE(hasSegmentPrefix("layers_extra", "layers"));
  EXPECT_EQ(addressParent("a.b.c"), "a.b");
  EXPECT_EQ(addressParent("a"), "");
}

TEST(AddressTest, PatternsAndWildcards) {
  EXPECT_EQ(makeIndexedPattern("sam_model.blocks", IndexSet::range(0, 11)),
            "sam_model.blocks.[0-11]");
  EXPECT_EQ(makeIndexedPattern("layers", IndexSet::single(0)), "layers.0");
  EXPECT_EQ(wildcardIndices("layers.[1-11].mlp.experts.3"),
            "layers.*.mlp.experts.*");
}

TEST(AddressTest, Globs) {
  EXPECT_TRUE(matchAddressGlob("**.mlp.experts", "layers.3.mlp.experts"));
  EXPECT_TRUE(matchAddressGlob("**.mlp.experts", "layers.[1-11].mlp.experts"));
  EXPECT_FALSE(matchAddressGlob("**.mlp.experts", "layers.3.mlp"));
  EXPECT_TRUE(matchAddressGlob("layers.*.mlp", "layers.[1-11].mlp"));
  EXPECT_TRUE(matchAddressGlob("sam_model.blocks.[2,5,8,11]",
                               "sam_model.blocks.[2,5,8,11]"));
  EXPECT_TRUE(
      matchAddressGlob("sam_model.blocks.[2,5,8,11]", "sam_model.blocks.5"));
  EXPECT_FALSE(matchAddressGlob("sam_model.blocks.[2,5,8,11]",
                                "sam_model.blocks.[0-11]"));
  EXPECT_FALSE(
      matchAddressGlob("sam_model.blocks.[2,5,8,11]", "sam_model.blocks.4"));
}

TEST(AddressTest, PatternSyntaxFoundAtEveryPosition) {
  // hasPatternSyntax reads 16 or eight bytes at a time, then the rest.
  for (size_t Len = 1; Len <= 40; ++Len) {
    std::string Plain(Len, 'a');
    // Bytes next to the pattern characters, and high bytes.
    for (size_t I = 0; I < Len; I += 3)
      Plain[I] = "Z^)+\x80\xdb"[I % 6];
    EXPECT_FALSE(hasPatternSyntax(Plain)) << Plain;
    for (size_t Pos = 0; Pos < Len; ++Pos)
      for (char C : {'[', ']', '*', '\\'}) {
        std::string S = Plain;
        S[Pos] = C;
        EXPECT_TRUE(hasPatternSyntax(S)) << S;
      }
  }
}

TEST(AddressTest, NamesWithPatternSyntaxAreEscaped) {
  EXPECT_FALSE(hasPatternSyntax("layers.0.mlp"));
  EXPECT_TRUE(hasPatternSyntax("[0-3]"));
  EXPECT_EQ(escapeName("m.l.[0-3]"), "m.l.\\[0-3\\]");
  EXPECT_EQ(escapeName("x*"), "x\\*");
  EXPECT_EQ(escapeName("a\\b"), "a\\\\b");
  std::string Why;
  EXPECT_TRUE(checkAddressSyntax("m.l.\\[0-3\\]", false, Why));
  EXPECT_TRUE(checkAddressSyntax("m.l.[0-3]", true, Why));
  EXPECT_FALSE(checkAddressSyntax("m.l.[0-3]", false, Why));
  EXPECT_NE(Why.find("must be escaped"), std::string::npos) << Why;
  EXPECT_FALSE(checkAddressSyntax("m.l\\q", true, Why));
  EXPECT_FALSE(checkAddressSyntax("m.l\\", true, Why));
  // An escaped name is not an index set: it is matched literally.
  EXPECT_TRUE(matchAddressGlob("m.l.\\[0-3\\]", "m.l.\\[0-3\\]"));
  EXPECT_FALSE(matchAddressGlob("m.l.[0-3]", "m.l.\\[0-3\\]"));
  EXPECT_TRUE(matchAddressGlob("m.l.[0-3]", "m.l.2"));
  EXPECT_EQ(wildcardIndices("m.\\[0\\].1"), "m.\\[0\\].*");
}

namespace {
/// The plain recursive glob matcher, as a reference.
bool referenceMatch(llvm::ArrayRef<std::string> G,
                    llvm::ArrayRef<std::string> A) {
  if (G.empty())
    return A.empty();
  if (G.front() == "**") {
    for (size_t Skip = 0; Skip <= A.size(); ++Skip)
      if (referenceMatch(G.drop_front(), A.drop_front(Skip)))
        return true;
    return false;
  }
  if (A.empty() || (G.front() != "*" && G.front() != A.front()))
    return false;
  return referenceMatch(G.drop_front(), A.drop_front());
}
std::string join(const std::vector<std::string> &Segs) {
  std::string S;
  for (size_t I = 0; I < Segs.size(); ++I)
    S += (I ? "." : "") + Segs[I];
  return S;
}
} // namespace

TEST(AddressTest, GlobsWithManyDoubleStarsMatchLikeTheDefinition) {
  std::mt19937 Rng(3);
  const char *Tokens[] = {"a", "b", "*", "**"};
  for (int Round = 0; Round < 20000; ++Round) {
    std::vector<std::string> G, A;
    for (int I = 0, N = Rng() % 6; I < N; ++I)
      G.push_back(Tokens[Rng() % 4]);
    for (int I = 0, N = Rng() % 7; I < N; ++I)
      A.push_back(Tokens[Rng() % 2]);
    if (G.empty() || A.empty())
      continue;
    ASSERT_EQ(matchAddressGlob(join(G), join(A)), referenceMatch(G, A))
        << join(G) << " vs " << join(A);
  }
  // Many `**` against a long address that does not match: the reference
  // would take exponential time, the matcher takes |glob| x |address|.
  std::vector<std::string> G(40, "**"), A(2000, "a");
  G.push_back("b");
  EXPECT_FALSE(matchAddressGlob(join(G), join(A)));
}

TEST(AddressTest, SplitsNamedFamilyMembers) {
  FamilyMemberName N;
  ASSERT_TRUE(splitFamilyMember("encoder.layers.encoder_layer_11", N));
  EXPECT_EQ(N.Base, "encoder.layers");
  EXPECT_EQ(N.Stem, "encoder_layer_");
  EXPECT_EQ(N.Index, 11u);
  EXPECT_EQ(N.Style, IndexStyle::Decimal);

  ASSERT_TRUE(splitFamilyMember("features.denseblock1.denselayer6", N));
  EXPECT_EQ(N.Stem, "denselayer");
  EXPECT_EQ(N.Index, 6u);

  ASSERT_TRUE(splitFamilyMember("trunk.block2.block2-5", N));
  EXPECT_EQ(N.Stem, "block2-");
  EXPECT_EQ(N.Index, 5u);

  ASSERT_TRUE(splitFamilyMember("Mixed_6e", N));
  EXPECT_EQ(N.Base, "");
  EXPECT_EQ(N.Stem, "Mixed_6");
  EXPECT_EQ(N.Index, 4u);
  EXPECT_EQ(N.Style, IndexStyle::Lower);

  ASSERT_TRUE(splitFamilyMember("blocks.7", N));
  EXPECT_EQ(N.Stem, "");
  EXPECT_EQ(N.Index, 7u);

  // No index, a non-canonical index, or a letter after a letter.
  EXPECT_FALSE(splitFamilyMember("net.norm", N));
  EXPECT_FALSE(splitFamilyMember("net.layer01", N));
  EXPECT_FALSE(splitFamilyMember("net.head", N));
}

TEST(AddressTest, IndexSetsInBothStyles) {
  IndexSet S;
  for (uint64_t I : {1, 2, 3, 5})
    S.insert(I);
  EXPECT_EQ(indexSetText(S, IndexStyle::Decimal), "1-3,5");
  EXPECT_EQ(indexSetText(S, IndexStyle::Lower), "b-d,f");
  EXPECT_EQ(indexSetText(S, IndexStyle::Upper), "B-D,F");
  EXPECT_EQ(indexText(1, IndexStyle::Lower), "b");

  IndexStyle Style;
  auto Back = parseIndexSetText("b-d,f", Style);
  ASSERT_TRUE(Back.hasValue());
  EXPECT_EQ(Style, IndexStyle::Lower);
  EXPECT_EQ(indexSetText(*Back, IndexStyle::Decimal), "1-3,5");
  EXPECT_FALSE(parseIndexSetText("b-D", Style).hasValue());
  EXPECT_FALSE(parseIndexSetText("3-1", Style).hasValue());

  EXPECT_EQ(makeFamilyPattern("net", "Mixed_6", IndexStyle::Lower, S),
            "net.Mixed_6[b-d,f]");
  EXPECT_EQ(familyMemberAddress("net", "layer", IndexStyle::Decimal, 4),
            "net.layer4");
  EXPECT_EQ(familyMemberAddress("", "Mixed_6", IndexStyle::Lower, 0),
            "Mixed_6a");
}

TEST(AddressTest, GlobsMatchStemsAndLetters) {
  EXPECT_TRUE(matchAddressGlob("encoder.layers.encoder_layer_[2-3]",
                               "encoder.layers.encoder_layer_2"));
  EXPECT_FALSE(matchAddressGlob("encoder.layers.encoder_layer_[2-3]",
                                "encoder.layers.encoder_layer_4"));
  EXPECT_TRUE(matchAddressGlob("Mixed_6[b-c]", "Mixed_6c"));
  EXPECT_FALSE(matchAddressGlob("Mixed_6[b-c]", "Mixed_6d"));
  EXPECT_TRUE(matchAddressGlob("Mixed_6[b-e]", "Mixed_6[b-c]"));
  EXPECT_TRUE(matchAddressGlob("**.layer[1-4]", "net.layer3"));
  EXPECT_FALSE(matchAddressGlob("**.layer[1-4]", "net.block3"));
  EXPECT_EQ(wildcardIndices("net.layer[1-4].conv"), "net.layer*.conv");
  EXPECT_EQ(wildcardIndices("features.denselayer12"), "features.denselayer*");
}

TEST(AddressTest, ListedFamiliesUseNames) {
  std::vector<std::string> Names{"q_proj", "k_proj", "v_proj"};
  IndexSet S;
  S.insert(0);
  S.insert(2);
  EXPECT_EQ(makeFamilyPattern("l.attn", "", IndexStyle::Listed, S, Names),
            "l.attn.{q_proj,v_proj}");
  EXPECT_EQ(familyMemberAddress("l.attn", "", IndexStyle::Listed, 1, Names),
            "l.attn.k_proj");
  EXPECT_EQ(
      makeFamilyPattern("", "", IndexStyle::Listed, IndexSet::single(2), Names),
      "v_proj");
  EXPECT_EQ(bracketedIndexSet(S, IndexStyle::Decimal), "[0,2]");
  EXPECT_EQ(parseIndexStyle("listed"), IndexStyle::Listed);
}
