//===- LocatedJSONTest.cpp - Tests of the located JSON reader -------------===//

#include "../TestUtil.h"

#include "dsocr/Support/LocatedJSON.h"

#include "gtest/gtest.h"

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
