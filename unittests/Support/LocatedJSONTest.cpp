//===- LocatedJSONTest.cpp - Tests of the located JSON reader -------------===//

#include "../TestUtil.h"

#include "dsocr/Support/LocatedJSON.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace dsocr;

namespace {
struct Parsed : test::CapturedDiagnostics {
  std::unique_ptr<JValue> V;
  explicit Parsed(llvm::StringRef Text) {
    V = parseLocatedJSON(*buffer(Text, "p.json"), Diags);
  }
};
} // namespace

TEST(LocatedJSONTest, ReadsValuesWithPositions) {
  Parsed P("{\n  \"a\": [1, -2, 3.5],\n  \"b\": \"x\\u00e9\"\n}");
  ASSERT_TRUE(P.V) << P.Messages;
  const JValue *A = P.V->get("a");
  ASSERT_TRUE(A && A->isArray());
  ASSERT_EQ(A->elements().size(), 3u);
  EXPECT_EQ(A->elements()[0].magnitude(), 1u);
  EXPECT_TRUE(A->elements()[1].negative());
  EXPECT_FALSE(A->elements()[2].isInteger());
  EXPECT_EQ(P.V->get("b")->str(), "x\xc3\xa9");
  SourcePosition Pos = P.Diags.resolve(A->elements()[1].loc());
  EXPECT_EQ(Pos.Line, 2u);
  EXPECT_EQ(Pos.Column, 12u);
}

TEST(LocatedJSONTest, RejectsDuplicateKeysAtTheKey) {
  Parsed P("{\"a\": 1,\n \"a\": 2}");
  EXPECT_FALSE(P.V);
  EXPECT_NE(P.Messages.find("p.json:2:2: error: duplicate key 'a'"),
            std::string::npos)
      << P.Messages;
}

TEST(LocatedJSONTest, RejectsTrailingTextAndDepth) {
  EXPECT_FALSE(Parsed("{} x").V);
  std::string Deep(100, '[');
  Deep += std::string(100, ']');
  Parsed P(Deep);
  EXPECT_FALSE(P.V);
  EXPECT_NE(P.Messages.find("nested deeper"), std::string::npos);
}

TEST(LocatedJSONTest, SyntaxErrorsAreExplainedAtTheirToken) {
  // Boost.JSON finds each error; the message and position say what was
  // expected there.
  struct Case {
    const char *Text, *Message;
  } Cases[] = {
      {"{\"a\": 01}", "p.json:1:7: error: malformed number: leading zero"},
      {"[1.e5]", "p.json:1:2: error: malformed number"},
      {"{\"a\" 1}", "p.json:1:6: error: expected ':' after a key"},
      {"{\"a\": 1 \"b\": 2}",
       "p.json:1:9: error: expected ',' or '}' in an object"},
      {"[1 2]", "p.json:1:4: error: expected ',' or ']' in an array"},
      {"[1,]", "p.json:1:4: error: expected a JSON value"},
      {"[, 1]", "p.json:1:2: error: expected a JSON value"},
      {"{\"a\": 1,}", "p.json:1:9: error: expected a string key"},
      {"{\"a\": 1", "p.json:1:8: error: expected ',' or '}' in an object"},
      {"{", "p.json:1:2: error: unexpected end of file inside an object"},
      {"[tru]", "p.json:1:2: error: expected a JSON value"},
      {"[\"a\\q\"]", "p.json:1:4: error: invalid escape in a string"},
      {"[\"a\x01\"]", "p.json:1:4: error: control character in a string"},
      {"[\"\xff\"]", "p.json:1:2: error: invalid UTF-8 in a string"},
      {"[\"\\ud800x\"]", "p.json:1:9: error: unpaired UTF-16 surrogate"},
      {"[\"\\u12\"]", "p.json:1:7: error: expected a hex digit"},
      {"[\"abc", "p.json:1:2: error: unterminated string"},
      {"[18446744073709551616]",
       "p.json:1:2: error: integer '18446744073709551616' does not fit in 64 "
       "bits"},
      {"[1] x", "p.json:1:5: error: unexpected text after the JSON value"},
      {" \n ", "p.json:2:2: error: empty file: expected a JSON value"},
  };
  for (const Case &C : Cases) {
    Parsed P(C.Text);
    EXPECT_FALSE(P.V) << C.Text;
    EXPECT_NE(P.Messages.find(C.Message), std::string::npos)
        << C.Text << ": " << P.Messages;
  }
}

TEST(LocatedJSONTest, NumbersKeepTheirTextExactly) {
  Parsed P("[-0, -18446744073709551615, 8.88888888888889e+83, 1e400, 7]");
  ASSERT_TRUE(P.V) << P.Messages;
  const std::vector<JValue> &E = P.V->elements();
  ASSERT_EQ(E.size(), 5u);
  EXPECT_TRUE(E[0].isInteger());
  EXPECT_FALSE(E[0].negative());
  EXPECT_TRUE(std::signbit(E[0].number())); // as strtod reads "-0"
  EXPECT_TRUE(E[1].isInteger() && E[1].negative());
  EXPECT_EQ(E[1].magnitude(), UINT64_MAX);
  EXPECT_EQ(E[2].number(), 8.88888888888889e+83); // correctly rounded
  EXPECT_TRUE(std::isinf(E[3].number()));
  EXPECT_EQ(E[4].magnitude(), 7u);
  SourcePosition Pos = P.Diags.resolve(E[4].loc());
  EXPECT_EQ(Pos.Column, 58u);
}

TEST(LocatedJSONTest, KeysAndContainersAreLocated) {
  Parsed P("{\"a\\n\": {\"b\": [null, true]},\n \"c\": \"\\u00e9\"}");
  ASSERT_TRUE(P.V) << P.Messages;
  const JValue::Member *A = P.V->getMember("a\n");
  ASSERT_TRUE(A);
  EXPECT_EQ(P.Diags.resolve(A->KeyLoc).Column, 2u);
  EXPECT_EQ(P.Diags.resolve(A->Value.loc()).Column, 9u);
  const JValue *B = A->Value.get("b");
  ASSERT_TRUE(B && B->isArray());
  EXPECT_EQ(P.Diags.resolve(B->elements()[1].loc()).Column, 22u);
  const JValue *C = P.V->get("c");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->str(), "\xc3\xa9");
  SourcePosition Pos = P.Diags.resolve(C->loc());
  EXPECT_EQ(Pos.Line, 2u);
  EXPECT_EQ(Pos.Column, 7u);
}
