//===- PassManagerTest.cpp - Tests of pipelines ---------------------------===//

#include "../TestUtil.h"

#include "dsocr/Passes/PassRegistry.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

TEST(PassManagerTest, ParsesPipelines) {
  PassManager PM;
  std::string Error;
  ASSERT_TRUE(PM.parsePipeline("parse-edges, verify", Error)) << Error;
  EXPECT_EQ(PM.pipelineText(), "parse-edges,verify");
}

TEST(PassManagerTest, RejectsUnknownAndEmptyElements) {
  std::string Error;
  PassManager A;
  EXPECT_FALSE(A.parsePipeline("parse-edges,bogus", Error));
  EXPECT_NE(Error.find("unknown pass 'bogus'"), std::string::npos) << Error;
  PassManager B;
  EXPECT_FALSE(B.parsePipeline("parse-edges,,verify", Error));
  EXPECT_NE(Error.find("empty element 2"), std::string::npos) << Error;
  PassManager C;
  EXPECT_FALSE(C.parsePipeline("", Error));
}

TEST(PassManagerTest, EveryRegisteredPassHasNameAndDescription) {
  for (const PassInfo &P : registeredPasses()) {
    EXPECT_FALSE(P.Name.empty());
    EXPECT_FALSE(P.Description.empty());
    EXPECT_EQ(P.Create()->name(), P.Name);
  }
  for (llvm::StringRef Name : defaultPipeline())
    EXPECT_NE(lookupPass(Name), nullptr) << Name.str();
}

TEST(PassManagerTest, TreePassOnTraceFormSaysWhatIsMissing) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText("root calls=1 total_calls=0 total_ops=0\n"));
  EXPECT_FALSE(F.runPipeline("parse-edges"));
  EXPECT_NE(F.messages().find("needs the trace form"), std::string::npos)
      << F.messages();
}
