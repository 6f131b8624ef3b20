//===- CanonicalJSONTest.cpp - Tests of the canonical JSON form -----------===//

#include "dsocr/Support/CanonicalJSON.h"

#include <boost/json/value.hpp>

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace dsocr;
namespace json = boost::json;

namespace {
std::string canonicalOf(llvm::StringRef Text) {
  json::error_code EC;
  json::value V = parseJSONExact(Text, EC);
  EXPECT_FALSE(EC) << Text.str() << ": " << EC.message();
  return canonicalJSON(V);
}

uint64_t bitsOf(double D) {
  uint64_t B;
  std::memcpy(&B, &D, sizeof(B));
  return B;
}
} // namespace

TEST(CanonicalJSONTest, SortsKeysAndCompacts) {
  EXPECT_EQ(canonicalOf(R"( { "b" : [1, -2, true, null], "a" : "x\"y" } )"),
            R"({"a":"x\"y","b":[1,-2,true,null]})");
}

TEST(CanonicalJSONTest, ReadsDoublesCorrectlyRounded) {
  // Boost.JSON 1.81's json::parse reads this one a unit in the last place
  // high; found by the IR parser fuzzer.
  EXPECT_EQ(canonicalOf("8.88888888888889e+83"), "8.88888888888889e+83");
  EXPECT_EQ(canonicalOf("0.1"), "0.1");
  EXPECT_EQ(canonicalOf("1e23"), "1e+23");
  EXPECT_EQ(canonicalOf("5e-324"), "5e-324");
  EXPECT_EQ(canonicalOf("-0.0"), "-0.0");
  EXPECT_EQ(canonicalOf("1e400"), "null");
}

TEST(CanonicalJSONTest, EveryDoubleSpellingIsAFixedPoint) {
  std::mt19937_64 Rng(20261124);
  for (int I = 0; I < 200000; ++I) {
    uint64_t Bits = Rng();
    double D;
    std::memcpy(&D, &Bits, sizeof(D));
    if (!std::isfinite(D))
      continue;
    std::string Once = canonicalJSON(json::value(D));
    json::error_code EC;
    json::value Back = parseJSONExact(Once, EC);
    ASSERT_FALSE(EC) << Once;
    if (Back.is_double())
      ASSERT_EQ(bitsOf(Back.get_double()), Bits) << Once;
    ASSERT_EQ(canonicalJSON(Back), Once);
  }
}

TEST(CanonicalJSONTest, WholeTextMustBeOneValue) {
  json::error_code EC;
  parseJSONExact("[1] 2", EC);
  EXPECT_TRUE(EC);
  parseJSONExact("[1", EC);
  EXPECT_TRUE(EC);
  parseJSONExact(" [1] \n", EC);
  EXPECT_FALSE(EC);
}

TEST(CanonicalJSONTest, PrefixStopsAfterOneValue) {
  json::value V;
  size_t Consumed = 0, ErrorOffset = 0;
  std::string Message;
  ASSERT_TRUE(parseJSONPrefix(R"({"a":1.5} rest)", V, Consumed, ErrorOffset,
                              Message))
      << Message;
  EXPECT_EQ(canonicalJSON(V), R"({"a":1.5})");
  EXPECT_EQ(llvm::StringRef(R"({"a":1.5} rest)").substr(Consumed).ltrim(),
            "rest");
  EXPECT_FALSE(parseJSONPrefix("[1,", V, Consumed, ErrorOffset, Message));
  EXPECT_FALSE(Message.empty());
}
