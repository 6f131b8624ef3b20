//===- RoutingTest.cpp - Which members a router calls ---------------------===//
//
// The four routing modes, exclusions, and determinism down to fixed values
// (the generator must give the same bytes on every platform).
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/Routing.h"

#include "gtest/gtest.h"

#include <set>

using namespace dsocr;

namespace {

std::vector<uint64_t> indices(const std::vector<RoutedMember> &Ms) {
  std::vector<uint64_t> Out;
  for (const RoutedMember &M : Ms)
    Out.push_back(M.Index);
  return Out;
}

TEST(RoutingTest, StableAcrossPlatforms) {
  // Fixed values: a change here changes every generated trace.
  SplitMix64 R(0);
  EXPECT_EQ(R.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(R.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(stableHash(""), SplitMix64(0xcbf29ce484222325ULL).next());
  EXPECT_NE(stableHash("layers.2.mlp.experts"),
            stableHash("layers.3.mlp.experts"));
  EXPECT_EQ(mixSeed(1, 2, 3, 4), mixSeed(1, 2, 3, 4));
  EXPECT_NE(mixSeed(1, 2, 3, 4), mixSeed(1, 2, 3, 5));
}

TEST(RoutingTest, BelowStaysInRange) {
  SplitMix64 R(42);
  std::set<uint64_t> Seen;
  for (int I = 0; I < 1000; ++I) {
    uint64_t V = R.below(7);
    ASSERT_LT(V, 7u);
    Seen.insert(V);
  }
  EXPECT_EQ(Seen.size(), 7u);
}

TEST(RoutingTest, ChooseDistinct) {
  SplitMix64 R(7);
  std::vector<uint64_t> C = chooseDistinct(R, 64, 6);
  ASSERT_EQ(C.size(), 6u);
  EXPECT_TRUE(std::is_sorted(C.begin(), C.end()));
  EXPECT_EQ(std::set<uint64_t>(C.begin(), C.end()).size(), 6u);
  EXPECT_LT(C.back(), 64u);
  EXPECT_EQ(chooseDistinct(R, 5, 9).size(), 5u); // clamped
  EXPECT_TRUE(chooseDistinct(R, 5, 0).empty());
}

TEST(RoutingTest, AllAndExclusions) {
  RouteRequest Req;
  Req.Members = 8;
  std::vector<RoutedMember> Out;
  route(Req, Out);
  EXPECT_EQ(indices(Out), (std::vector<uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  for (const RoutedMember &M : Out)
    EXPECT_EQ(M.Tokens, 1u);
  std::vector<uint64_t> Excluded = {1, 6};
  Req.Excluded = Excluded;
  route(Req, Out);
  EXPECT_EQ(indices(Out), (std::vector<uint64_t>{0, 2, 3, 4, 5, 7}));
}

TEST(RoutingTest, UncalledListAndCount) {
  RouteRequest Req;
  Req.Members = 10;
  Req.M = RouteRequest::Mode::UncalledList;
  std::vector<uint64_t> List = {0, 9};
  Req.UncalledList = List;
  std::vector<RoutedMember> Out;
  route(Req, Out);
  EXPECT_EQ(indices(Out), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));

  Req.M = RouteRequest::Mode::UncalledCount;
  Req.UncalledCount = 3;
  Req.Seed = 11;
  route(Req, Out);
  EXPECT_EQ(Out.size(), 7u);
  std::vector<RoutedMember> Again;
  route(Req, Again);
  EXPECT_EQ(indices(Out), indices(Again));
  Req.Seed = 12;
  route(Req, Again);
  EXPECT_EQ(Again.size(), 7u);
  Req.UncalledCount = 99;
  route(Req, Out);
  EXPECT_TRUE(Out.empty());
}

TEST(RoutingTest, TokensSpreadOverCalledMembers) {
  RouteRequest Req;
  Req.Members = 4;
  Req.M = RouteRequest::Mode::UncalledCount;
  Req.UncalledCount = 1;
  Req.HasTopK = Req.HasTokens = true;
  Req.TopK = 2;
  Req.Tokens = 5; // 10 token-slots over 3 experts: 4, 3, 3
  std::vector<RoutedMember> Out;
  route(Req, Out);
  ASSERT_EQ(Out.size(), 3u);
  EXPECT_EQ(Out[0].Tokens, 4u);
  EXPECT_EQ(Out[1].Tokens, 3u);
  EXPECT_EQ(Out[2].Tokens, 3u);
}

TEST(RoutingTest, SimulatedTopK) {
  RouteRequest Req;
  Req.M = RouteRequest::Mode::Simulate;
  Req.Members = 256;
  Req.TopK = 8;
  Req.HasTopK = Req.HasTokens = true;
  Req.Tokens = 1; // one decode token: exactly top_k experts
  std::vector<RoutedMember> Out;
  for (uint64_t Seed = 0; Seed < 50; ++Seed) {
    Req.Seed = Seed;
    route(Req, Out);
    ASSERT_EQ(Out.size(), 8u);
    for (const RoutedMember &M : Out)
      EXPECT_EQ(M.Tokens, 1u);
  }
  // Many tokens: every expert gets some, and the tokens add up.
  Req.Tokens = 2000;
  route(Req, Out);
  EXPECT_EQ(Out.size(), 256u);
  uint64_t Sum = 0;
  for (const RoutedMember &M : Out)
    Sum += M.Tokens;
  EXPECT_EQ(Sum, 2000u * 8);
  // Excluded members are never chosen, even by many tokens.
  std::vector<uint64_t> Excluded = {3, 200};
  Req.Excluded = Excluded;
  route(Req, Out);
  EXPECT_EQ(Out.size(), 254u);
  for (const RoutedMember &M : Out)
    EXPECT_TRUE(M.Index != 3 && M.Index != 200);
}

} // namespace
