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
  EXPECT_FALSE(S0.OutputsVary);
  EXPECT_TRUE(S1.OutputsVary);
  MetadataSummary M = mergeSummaries({{0, S0}, {1, S1}});
  EXPECT_EQ(M.ActivationBytes, 24u + 12u + 24u);
  EXPECT_TRUE(M.OutputsVary);
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
