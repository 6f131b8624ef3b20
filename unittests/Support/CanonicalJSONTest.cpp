//===- CanonicalJSONTest.cpp - Tests of the canonical JSON form -----------===//

#include "dsocr/Support/CanonicalJSON.h"

#include <boost/json/value.hpp>

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

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

namespace {
/// The double a parsed JSON number stands for: an integral double may come
/// back as an integer ("3" for 3.0, "9007199254740993" never).
::testing::AssertionResult readsBackAs(const json::value &Back, double D) {
  double Got;
  if (Back.is_double())
    Got = Back.get_double();
  else if (Back.is_int64())
    Got = double(Back.get_int64());
  else if (Back.is_uint64())
    Got = double(Back.get_uint64());
  else
    return ::testing::AssertionFailure() << "not a number";
  if (Back.is_int64() || Back.is_uint64()) {
    // The integer must be the double's value exactly, not merely round to
    // it: converting back and forth must be lossless.
    bool Exact = Back.is_int64()
                     ? double(Back.get_int64()) == D && D >= -0x1p63 &&
                           D < 0x1p63 && int64_t(D) == Back.get_int64()
                     : D >= 0 && D < 0x1p64 && uint64_t(D) == Back.get_uint64();
    if (!Exact)
      return ::testing::AssertionFailure()
             << "the integer read back is not the double's value";
  }
  if (bitsOf(Got) != bitsOf(D))
    return ::testing::AssertionFailure() << "read back as another double";
  return ::testing::AssertionSuccess();
}

void expectFixedPoint(double D) {
  std::string Once = canonicalJSON(json::value(D));
  json::error_code EC;
  json::value Back = parseJSONExact(Once, EC);
  ASSERT_FALSE(EC) << Once;
  ASSERT_TRUE(readsBackAs(Back, D)) << Once;
  ASSERT_EQ(canonicalJSON(Back), Once);
}
} // namespace

TEST(CanonicalJSONTest, EveryDoubleSpellingIsAFixedPoint) {
  std::mt19937_64 Rng(20261124);
  for (int I = 0; I < 200000; ++I) {
    uint64_t Bits = Rng();
    double D;
    std::memcpy(&D, &Bits, sizeof(D));
    if (!std::isfinite(D))
      continue;
    expectFixedPoint(D);
  }
}

TEST(CanonicalJSONTest, IntegralDoublesAreFixedPoints) {
  // Random bit patterns are almost never integral, and an integral double
  // is the case where the shortest spelling ("3", "18446744073709551616")
  // reads back as an integer or crosses the 64-bit integer limits.
  std::vector<double> Cases = {0.0,  -0.0, 1.0,  -1.0, 3.0,  1e15,
                               1e16, 1e17, 1e21, 1e22, 1e23, -1e22};
  for (int E = 0; E < 1024; ++E) {
    double P = std::ldexp(1.0, E);
    for (double D : {P, -P, std::nextafter(P, 0.0), std::nextafter(P, 1e308)})
      if (std::isfinite(D) && std::trunc(D) == D)
        Cases.push_back(D);
  }
  for (double D : {0x1p53 + 2, 0x1p63, 0x1p63 - 1024, -0x1p63, -0x1p63 - 2048,
                   0x1p64, 0x1p64 - 2048})
    Cases.push_back(D);
  std::mt19937_64 Rng(7);
  for (int I = 0; I < 200000; ++I) {
    // Integral doubles of every magnitude: a random double with its
    // fraction cut off, and a random 64-bit integer rounded to a double.
    uint64_t Bits = Rng();
    double D;
    std::memcpy(&D, &Bits, sizeof(D));
    if (std::isfinite(D))
      Cases.push_back(std::trunc(D));
    Cases.push_back(double(int64_t(Rng())));
    Cases.push_back(double(Rng()));
  }
  for (double D : Cases) {
    ASSERT_EQ(std::trunc(D), D);
    expectFixedPoint(D);
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
