//===- AddressTest.cpp - Tests of address utilities -----------------------===//

#include "dsocr/Support/Address.h"

#include "gtest/gtest.h"

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
