//===- IRRoundTripTest.cpp - Print, parse, print is the identity ----------===//

#include "../TestUtil.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

namespace {
const char *TreeIR = R"(root calls=1 total_calls=9 total_ops=20 families=true {
  module "enc" : "Encoder" calls=2 per_call=2 parfor=2 ops=3 stage="vision" notes=["a \"quoted\" note"] {
    family "enc.blocks" : "Block" kind=for members=[0-2] shapes=[[0-1], [2]]
    for "enc.blocks.[0-2]" : "Block" count=3 members=[0-2] instances=3 calls=6 per_call=1 ops=12 {
      variant [0-1] ops=5
      variant [2] ops=2 differs=["attn : GlobalAttention"]
    }
  }
  module "head" : "Linear" calls=1 per_call=1 ops=5 hidden_nodes=1 hidden_calls=0 hidden_ops=0 params={"in_features":8,"out_features":2}
}
)";

const char *TraceIR = R"(trace ignored_keys=["extra"] {
  module "a" : "A" calls=1 ops=1
  module "a.b" : "B" calls=2 ops=3 inputs=[{"tensors":[{"dtype":"torch.float32","shape":[1,2]}]}]
  module "a.c" : "C"
  edge "a->a.b" ops=3
  children "a" = ["a.b", "a.c"]
}
)";
} // namespace

TEST(IRRoundTripTest, TreeFormIsAFixedPoint) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText(TreeIR)) << F.messages();
  EXPECT_EQ(F.printed(), TreeIR);
}

TEST(IRRoundTripTest, TraceFormIsAFixedPoint) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText(TraceIR)) << F.messages();
  EXPECT_EQ(F.printed(), TraceIR);
}

TEST(IRRoundTripTest, ParserAcceptsLooseSpacingAndComments) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText("// a comment\n"
                            "root   calls=1 total_calls=1 total_ops=0 {\n"
                            "  module \"x\" : \"X\"  ops=0 calls=1 // why\n"
                            "}\n"))
      << F.messages();
  EXPECT_EQ(F.printed(), "root calls=1 total_calls=1 total_ops=0 {\n"
                         "  module \"x\" : \"X\" calls=1 ops=0\n"
                         "}\n");
}

TEST(IRRoundTripTest, ErrorsPointAtTheToken) {
  Fixture F;
  EXPECT_FALSE(F.parseIRText("root calls=1 total_calls=1 total_ops=0 {\n"
                             "  module \"x\" : \"X\" calls=-1 ops=0\n"
                             "}\n"));
  EXPECT_NE(F.messages().find("test.ir:2:26: error: expected a non-negative "
                              "integer for 'calls'"),
            std::string::npos)
      << F.messages();
}

TEST(IRRoundTripTest, RejectsUnknownAttributesAndDuplicates) {
  Fixture A;
  EXPECT_FALSE(
      A.parseIRText("root calls=1 total_calls=0 total_ops=0 bogus=1 {\n}\n"));
  EXPECT_NE(A.messages().find("unknown attribute 'bogus'"), std::string::npos);
  Fixture B;
  EXPECT_FALSE(
      B.parseIRText("trace {\n  module \"a\" : \"A\" calls=1 calls=2\n}\n"));
  EXPECT_NE(B.messages().find("duplicate attribute 'calls'"),
            std::string::npos);
}
