//===- TraceReaderTest.cpp - Tests of the TorchLens JSON reader -----------===//

#include "../TestUtil.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

namespace {
const char *SmallTrace = R"({
  "call_counts": {"enc": 2, "enc.blocks.0": 2, "enc.blocks.1": 2},
  "edges": {"enc->enc.blocks.0": 4, "enc->enc.blocks.1": 4},
  "op_call_counts": {"enc.blocks.0": 4, "enc.blocks.1": 4, "enc": 1},
  "module_children": {"enc": ["enc.blocks.0", "enc.blocks.1"]},
  "module_types": {"enc": "Encoder", "enc.blocks": "ModuleList",
                   "enc.blocks.0": "Block", "enc.blocks.1": "Block",
                   "enc.unused": "Linear"},
  "constructor_params": {"enc.blocks.0": {"heads": 8, "dim": 64}},
  "output_metadata": {"enc": [{"tensors": [{"shape": [1, 64], "dtype": "torch.float32"}]}]},
  "torchlens_version": "0.1",
  "extra": {"nested": [1, {"x": null}]}
})";
} // namespace

TEST(TraceReaderTest, ReadsEverySection) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(SmallTrace)) << F.messages();
  const Node *Enc = F.G.lookupModule("enc");
  ASSERT_TRUE(Enc);
  EXPECT_EQ(Enc->className(), "Encoder");
  EXPECT_EQ(Enc->calls(), 2u);
  EXPECT_EQ(Enc->ops(), 1u);
  const Node *B0 = F.G.lookupModule("enc.blocks.0");
  ASSERT_TRUE(B0);
  EXPECT_EQ(B0->firstCaller().Caller, Enc);
  EXPECT_EQ(B0->firstCaller().Ops, 4u);
  EXPECT_EQ(B0->staticParent(), Enc);
  // Constructor params are stored canonically: keys sorted.
  EXPECT_EQ(B0->extra()->Meta.Params, R"({"dim":64,"heads":8})");
  EXPECT_EQ(Enc->extra()->Meta.Outputs,
            R"([{"tensors":[{"dtype":"torch.float32","shape":[1,64]}]}])");
  const Node *Unused = F.G.lookupModule("enc.unused");
  ASSERT_TRUE(Unused);
  EXPECT_FALSE(Unused->hasCallCount());
  // Unknown keys are kept (by name) and ignored.
  EXPECT_EQ(F.G.ignoredKeys(),
            (std::vector<std::string>{"extra", "torchlens_version"}));
}

TEST(TraceReaderTest, NegativeCountIsReportedAtTheValue) {
  Fixture F;
  EXPECT_FALSE(F.readTraceText("{\"call_counts\": {\"a\": 1,\n"
                               "  \"b\": -3}}"));
  EXPECT_NE(F.messages().find("test.json:2:8: error: 'call_counts' entry 'b' "
                              "must be a non-negative integer count, not -3"),
            std::string::npos)
      << F.messages();
}

TEST(TraceReaderTest, FractionalAndHugeCounts) {
  Fixture A;
  EXPECT_FALSE(A.readTraceText("{\"call_counts\": {\"a\": 1.5}}"));
  EXPECT_NE(A.messages().find("1:23: error: 'call_counts' entry 'a' must be a "
                              "whole number, not 1.5"),
            std::string::npos)
      << A.messages();
  Fixture B;
  EXPECT_FALSE(
      B.readTraceText("{\"edges\": {\"a->b\": 99999999999999999999999}}"));
  EXPECT_NE(B.messages().find("does not fit in 64 bits"), std::string::npos)
      << B.messages();
}

TEST(TraceReaderTest, WrongTypesAreNamed) {
  Fixture A;
  EXPECT_FALSE(A.readTraceText("{\"call_counts\": [1, 2]}"));
  EXPECT_NE(A.messages().find("1:17: error: 'call_counts' must be an object, "
                              "not an array"),
            std::string::npos)
      << A.messages();
  Fixture B;
  EXPECT_FALSE(B.readTraceText("[]"));
  EXPECT_NE(B.messages().find("1:1: error: expected a JSON object at the top "
                              "level"),
            std::string::npos)
      << B.messages();
  Fixture C;
  EXPECT_FALSE(C.readTraceText("{\"module_classes\": {\"a\": 7}}"));
  EXPECT_NE(C.messages().find("must be a class name (a string), not a number"),
            std::string::npos)
      << C.messages();
}

TEST(TraceReaderTest, EdgeKeysMustHaveOneArrowAndTwoSides) {
  for (const char *Key : {"ab", "a->b->c", "->b", "a->", "a->a"}) {
    Fixture F;
    std::string Text = std::string("{\"edges\": {\"") + Key + "\": 1}}";
    EXPECT_FALSE(F.readTraceText(Text)) << Key;
    EXPECT_NE(F.messages().find("test.json:1:12: error: edge"),
              std::string::npos)
        << Key << ": " << F.messages();
  }
}

TEST(TraceReaderTest, ModulesWithoutClassAreReportedWhereNamed) {
  Fixture F;
  EXPECT_FALSE(F.readTraceText("{\"call_counts\": {\"a\": 1},\n"
                               " \"edges\": {\"a->ghost\": 1},\n"
                               " \"module_classes\": {\"a\": \"A\"}}"));
  EXPECT_NE(F.messages().find("test.json:2:16: error: module 'ghost' has no "
                              "class"),
            std::string::npos)
      << F.messages();
}

TEST(TraceReaderTest, StaticCycleIsAnError) {
  Fixture F;
  EXPECT_FALSE(F.readTraceText(
      "{\"call_counts\": {}, \"edges\": {},\n"
      " \"module_children\": {\"a\": [\"b\"], \"b\": [\"a\"]},\n"
      " \"module_classes\": {\"a\": \"A\", \"b\": \"B\"}}"));
  EXPECT_NE(F.messages().find("module_children has a cycle"), std::string::npos)
      << F.messages();
}

TEST(TraceReaderTest, EmptyAndTruncatedInput) {
  Fixture A;
  EXPECT_FALSE(A.readTraceText(""));
  EXPECT_NE(A.messages().find("test.json:1:1: error: empty file"),
            std::string::npos)
      << A.messages();
  Fixture B;
  EXPECT_FALSE(B.readTraceText("{\"call_counts\": {\"a\": 1"));
  EXPECT_NE(B.messages().find("unexpected end of file"), std::string::npos)
      << B.messages();
}

TEST(TraceReaderTest, DuplicateKeys) {
  Fixture A;
  EXPECT_FALSE(A.readTraceText("{\"call_counts\": {\"a\": 1, \"a\": 2}}"));
  EXPECT_NE(A.messages().find("duplicate call count for module 'a'"),
            std::string::npos)
      << A.messages();
  Fixture B;
  EXPECT_FALSE(B.readTraceText("{\"edges\": {}, \"edges\": {}}"));
  EXPECT_NE(B.messages().find("duplicate top-level key 'edges'"),
            std::string::npos)
      << B.messages();
}
