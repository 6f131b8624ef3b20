//===- MetadataTest.cpp - Tests of metadata summaries ---------------------===//

#include "../TestUtil.h"

#include "dsocr/IR/Metadata.h"

#include <boost/json/parse.hpp>

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

TEST(MetadataTest, DTypeSizes) {
  EXPECT_EQ(dtypeBytes("torch.bfloat16"), 2u);
  EXPECT_EQ(dtypeBytes("torch.float32"), 4u);
  EXPECT_EQ(dtypeBytes("float64"), 8u);
  EXPECT_EQ(dtypeBytes("torch.bool"), 1u);
  EXPECT_EQ(dtypeBytes("torch.quint4x2"), 0u);
}

TEST(MetadataTest, SummaryOfAModuleAndMergeOfMembers) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText(
      R"(root calls=1 total_calls=4 total_ops=0 {
  module "a.0" : "A" calls=2 per_call=2 ops=0 params={"k":3,"n":1} outputs=[{"tensors":[{"dtype":"torch.float16","shape":[2,3]}]},{"tensors":[{"dtype":"torch.float16","shape":[2,3]}]}]
  module "a.1" : "A" calls=2 per_call=2 ops=0 params={"k":3,"n":2} outputs=[{"tensors":[{"dtype":"torch.float16","shape":[2,3]}]},{"tensors":[{"dtype":"torch.float16","shape":[4,3]}]}]
}
)")) << F.messages();
  const auto &Kids = F.G.root()->children();
  MetadataSummary S0 = summaryOf(*Kids[0]), S1 = summaryOf(*Kids[1]);
  EXPECT_EQ(S0.Calls, 2u);
  EXPECT_EQ(S0.ActivationBytes, 2u * 6 * 2);
  // a.0: both calls alike; a.1: call 1 differs. Inputs were not recorded.
  ASSERT_EQ(S0.Signatures.size(), 1u);
  EXPECT_EQ(S0.Signatures[0].Calls, 2u);
  EXPECT_EQ(S0.Signatures[0].CallIndices.str(), "0-1");
  EXPECT_FALSE(S0.Signatures[0].Inputs.hasValue());
  ASSERT_EQ(S1.Signatures.size(), 2u);
  EXPECT_EQ(S1.Signatures[1].CallIndices.str(), "1");
  EXPECT_EQ(describeTensors(*S1.Signatures[1].Outputs), "[4,3] float16");
  MetadataSummary M = mergeSummaries({{0, S0}, {1, S1}});
  EXPECT_EQ(M.ActivationBytes, 24u + 12u + 24u);
  // [2,3] in calls 0-1 of member 0 and call 0 of member 1; [4,3] in call 1
  // of member 1.
  ASSERT_EQ(M.Signatures.size(), 2u);
  EXPECT_EQ(M.Signatures[0].Calls, 3u);
  EXPECT_EQ(M.Signatures[0].Members.str(), "0-1");
  EXPECT_EQ(M.Signatures[0].CallIndices.str(), "0-1");
  EXPECT_EQ(M.Signatures[1].Calls, 1u);
  EXPECT_EQ(M.Signatures[1].Members.str(), "1");
  EXPECT_EQ(M.Signatures[1].CallIndices.str(), "1");
  ASSERT_EQ(M.Params.size(), 2u);
  EXPECT_EQ(M.Params[0].first, "k");
  ASSERT_EQ(M.Params[0].second.size(), 1u);
  EXPECT_EQ(M.Params[0].second[0].Members.str(), "0-1");
  ASSERT_EQ(M.Params[1].second.size(), 2u);
  EXPECT_EQ(M.Params[1].second[1].JSON, "2");
  EXPECT_EQ(M.Params[1].second[1].Members.str(), "1");
  // The canonical JSON form reads back to the same summary.
  std::string Text = summaryToJSON(M);
  boost::json::error_code EC;
  auto Back = summaryFromJSON(boost::json::parse(Text, EC));
  ASSERT_TRUE(Back.hasValue());
  EXPECT_EQ(summaryToJSON(*Back), Text);
  EXPECT_NE(Text.find(R"("output_bytes":12)"), std::string::npos) << Text;
}

TEST(MetadataTest, PairsInputsAndOutputsCallByCall) {
  Fixture F;
  // Two calls in, one out: call 1 has inputs only.
  ASSERT_TRUE(F.parseIRText(
      R"(root calls=1 total_calls=2 total_ops=0 {
  module "m" : "M" calls=2 per_call=2 ops=0 inputs=[{"tensors":[{"dtype":"torch.int64","shape":[1,7]}]},{"tensors":[{"dtype":"torch.int64","shape":[1,1]}]}] outputs=[{"tensors":[{"dtype":"torch.float32","shape":[1,7,4]}]}]
}
)")) << F.messages();
  MetadataSummary S = summaryOf(*F.G.root()->children()[0]);
  ASSERT_EQ(S.Signatures.size(), 2u);
  EXPECT_EQ(describeTensors(*S.Signatures[0].Inputs), "[1,7] int64");
  EXPECT_EQ(describeTensors(*S.Signatures[0].Outputs), "[1,7,4] float32");
  EXPECT_EQ(describeTensors(*S.Signatures[1].Inputs), "[1,1] int64");
  EXPECT_FALSE(S.Signatures[1].Outputs.hasValue());
  EXPECT_EQ(S.Calls, 1u);
  EXPECT_EQ(S.ActivationBytes, 7u * 4 * 4);
}

TEST(MetadataTest, ValidatesTensorMetadataShape) {
  std::string Why;
  boost::json::error_code EC;
  EXPECT_TRUE(validateTensorMetadata(
      boost::json::parse(
          R"([{"tensors":[{"shape":[1],"dtype":"x","extra":1}]}])", EC),
      Why));
  EXPECT_FALSE(
      validateTensorMetadata(boost::json::parse(R"({"tensors":[]})", EC), Why));
  EXPECT_FALSE(
      validateTensorMetadata(boost::json::parse(R"([{"t":[]}])", EC), Why));
  EXPECT_FALSE(validateTensorMetadata(
      boost::json::parse(R"([{"tensors":[{"dtype":3}]}])", EC), Why));
}

TEST(MetadataTest, DescribesTensorsAndBytes) {
  EXPECT_EQ(describeTensors({{{1, 64}, "torch.bfloat16"}, {{2}, ""}}),
            "[1,64] bfloat16, [2]");
  EXPECT_EQ(describeBytes(48), "48 B");
  EXPECT_EQ(describeBytes(1536), "1.5 KiB");
  EXPECT_EQ(describeBytes(uint64_t(3) << 30), "3.0 GiB");
}
