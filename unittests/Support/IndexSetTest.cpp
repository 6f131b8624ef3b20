//===- IndexSetTest.cpp - Tests of IndexSet -------------------------------===//

#include "dsocr/Support/IndexSet.h"

#include "gtest/gtest.h"

#include <limits>
#include <random>
#include <set>

using namespace dsocr;

TEST(IndexSetTest, AppendsCoalesceIntoRanges) {
  IndexSet S;
  for (uint64_t I : {0, 1, 2, 3, 5, 6, 9})
    S.insert(I);
  EXPECT_EQ(S.str(), "0-3,5-6,9");
  EXPECT_EQ(S.size(), 7u);
  EXPECT_TRUE(S.contains(5));
  EXPECT_FALSE(S.contains(4));
  EXPECT_FALSE(S.contains(10));
}

TEST(IndexSetTest, OutOfOrderInsertsMerge) {
  IndexSet S;
  for (uint64_t I : {11, 2, 8, 5})
    S.insert(I);
  EXPECT_EQ(S.str(), "2,5,8,11");
  S.insertRange(3, 4);
  EXPECT_EQ(S.str(), "2-5,8,11");
  S.insertRange(6, 7);
  EXPECT_EQ(S.str(), "2-8,11");
}

TEST(IndexSetTest, ParsePrintRoundTrip) {
  for (const char *Text : {"0-11", "2,5,8,11", "0-1,3-4,6-7,9-10", "7", ""}) {
    auto S = IndexSet::parse(Text);
    ASSERT_TRUE(S.hasValue()) << Text;
    EXPECT_EQ(S->str(), Text);
  }
}

TEST(IndexSetTest, ParseCoalescesAdjacentButRejectsDisorder) {
  EXPECT_EQ(IndexSet::parse("0,1,2")->str(), "0-2");
  EXPECT_FALSE(IndexSet::parse("5,3").hasValue());
  EXPECT_FALSE(IndexSet::parse("0-3,2").hasValue());
  EXPECT_FALSE(IndexSet::parse("3-1").hasValue());
  EXPECT_FALSE(IndexSet::parse("a").hasValue());
  EXPECT_FALSE(IndexSet::parse("1,").hasValue());
  EXPECT_FALSE(IndexSet::parse("-1").hasValue());
  EXPECT_FALSE(IndexSet::parse("99999999999999999999").hasValue());
}

TEST(IndexSetTest, SetAlgebra) {
  IndexSet A = *IndexSet::parse("0-63");
  IndexSet B = *IndexSet::parse("19,58");
  EXPECT_EQ(A.minus(B).str(), "0-18,20-57,59-63");
  EXPECT_EQ(A.intersect(B).str(), "19,58");
  EXPECT_TRUE(B.isSubsetOf(A));
  EXPECT_FALSE(A.isSubsetOf(B));
  IndexSet C = B;
  C.unionWith(*IndexSet::parse("20-57"));
  EXPECT_EQ(C.str(), "19-58");
}

TEST(IndexSetTest, LargeRangesStayCompact) {
  IndexSet S = IndexSet::range(0, 1000);
  EXPECT_EQ(S.size(), 1001u);
  EXPECT_EQ(S.ranges().size(), 1u);
  EXPECT_EQ(S.str(), "0-1000");
}

// Random inserts, ranges and unions against a std::set model, including
// ranges that touch several existing ones and the largest index.
TEST(IndexSetTest, RandomOperationsMatchASetModel) {
  std::mt19937_64 Rng(7);
  for (int Round = 0; Round < 300; ++Round) {
    IndexSet S, T;
    std::set<uint64_t> Model, TModel;
    bool NearMax = Round % 10 == 0;
    uint64_t Offset =
        NearMax ? std::numeric_limits<uint64_t>::max() - 64 : 0;
    for (int Op = 0; Op < 40; ++Op) {
      uint64_t Lo = Offset + Rng() % 64, Hi = Offset + Rng() % 64;
      if (Lo > Hi)
        std::swap(Lo, Hi);
      if (Rng() % 3)
        Hi = Lo + (Hi - Lo) % 4; // mostly short ranges
      bool IntoT = Rng() % 2;
      (IntoT ? T : S).insertRange(Lo, Hi);
      for (uint64_t I = Lo;; ++I) {
        (IntoT ? TModel : Model).insert(I);
        if (I == Hi)
          break;
      }
    }
    S.unionWith(T);
    Model.insert(TModel.begin(), TModel.end());
    std::vector<uint64_t> Got;
    S.forEach([&](uint64_t I) { Got.push_back(I); });
    ASSERT_EQ(Got, std::vector<uint64_t>(Model.begin(), Model.end()))
        << "round " << Round << ": " << S.str();
    // Ranges stay sorted, disjoint and non-adjacent.
    auto R = S.ranges();
    for (size_t I = 1; I < R.size(); ++I)
      ASSERT_GT(R[I].first, R[I - 1].second + 1) << S.str();
  }
}
