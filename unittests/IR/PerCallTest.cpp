//===- PerCallTest.cpp - Tests of PerCall ---------------------------------===//

#include "dsocr/IR/PerCall.h"

#include "gtest/gtest.h"

using namespace dsocr;

TEST(PerCallTest, ReducesFractions) {
  EXPECT_EQ(PerCall::ratio(4, 2).str(), "2");
  EXPECT_EQ(PerCall::ratio(3, 2).str(), "3/2");
  EXPECT_EQ(PerCall::ratio(6, 4).str(), "3/2");
  EXPECT_EQ(PerCall::ratio(0, 5).str(), "0");
  EXPECT_FALSE(PerCall::ratio(1, 0).isKnown());
  EXPECT_TRUE(PerCall::ratio(4, 2).isInteger());
  EXPECT_FALSE(PerCall::ratio(3, 2).isInteger());
}

TEST(PerCallTest, MergeKeepsEqualValuesOnly) {
  PerCall One = PerCall::ratio(1, 1), Two = PerCall::ratio(2, 1);
  EXPECT_EQ(One.merge(One), One);
  EXPECT_TRUE(One.merge(Two).isMixed());
  EXPECT_EQ(PerCall().merge(Two), Two);
}

TEST(PerCallTest, ParseAcceptsOnlyCanonicalText) {
  EXPECT_EQ(PerCall::parse("3/2")->str(), "3/2");
  EXPECT_TRUE(PerCall::parse("mixed")->isMixed());
  EXPECT_FALSE(PerCall::parse("6/4").hasValue());
  EXPECT_FALSE(PerCall::parse("1/0").hasValue());
  EXPECT_FALSE(PerCall::parse("x").hasValue());
  EXPECT_FALSE(PerCall::parse("-1").hasValue());
}
