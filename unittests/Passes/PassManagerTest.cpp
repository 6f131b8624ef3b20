//===- PassManagerTest.cpp - Tests of pipelines and the registry ----------===//

#include "../TestUtil.h"

#include "dsocr/Passes/PassRegistry.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

namespace {

/// Parses Text into PM; the messages (empty on success) go to Messages.
bool parse(PassManager &PM, llvm::StringRef Text, std::string &Messages) {
  CapturedDiagnostics C;
  bool OK = PM.parsePipeline(Text, C.Diags);
  Messages = C.messages();
  return OK;
}

bool contains(const std::string &Text, llvm::StringRef Part) {
  return Text.find(Part.str()) != std::string::npos;
}

} // namespace

TEST(PassManagerTest, ParsesPipelines) {
  PassManager PM;
  std::string Error;
  ASSERT_TRUE(parse(PM, "parse-edges, verify", Error)) << Error;
  EXPECT_EQ(PM.pipelineText(), "parse-edges,verify");
}

TEST(PassManagerTest, ParsesParametersAndPrintsThemBack) {
  PassManager PM;
  std::string Error;
  ASSERT_TRUE(parse(PM,
                    "prune{depth=2, pattern='a.{x,y}' pattern=b.*},"
                    "discover-families{ min-size=3 }",
                    Error))
      << Error;
  EXPECT_EQ(PM.pipelineText(), "prune{depth=2 pattern='a.{x,y}' "
                               "pattern=b.*},discover-families{min-size=3}");
}

TEST(PassManagerTest, ParametersOverrideTheFlagsForTheirPassOnly) {
  auto Elements = [](llvm::StringRef Text) {
    Diagnostics Diags(llvm::nulls(), "test");
    return *parsePassPipeline(Text, Diags);
  };
  PassOptions Flags;
  Flags.MinFamilySize = 4;
  Flags.PrunePatterns = {"x.*"};
  std::vector<PipelineElement> P =
      Elements("discover-families{min-size=3},fold-for,"
               "prune{depth=1 leaves=true min-ops=7 pattern=y.*}");
  ASSERT_EQ(P.size(), 3u);
  EXPECT_EQ(P[0].apply(Flags).MinFamilySize, 3u);
  EXPECT_EQ(P[1].apply(Flags).MinFamilySize, 4u);
  PassOptions Prune = P[2].apply(Flags);
  EXPECT_EQ(Prune.PruneDepth, llvm::Optional<unsigned>(1));
  EXPECT_EQ(Prune.PruneLeaves, llvm::Optional<bool>(true));
  EXPECT_EQ(Prune.PruneMinOps, llvm::Optional<uint64_t>(7));
  EXPECT_EQ(Prune.PrunePatterns, (std::vector<std::string>{"x.*", "y.*"}));
  EXPECT_FALSE(P[1].apply(Flags).PruneDepth);
}

TEST(PassManagerTest, ErrorsPointIntoThePipelineText) {
  struct Case {
    const char *Text;
    const char *Message;
  } Cases[] = {
      {"parse-edges,bogus",
       "-passes:1:13: error: unknown pass 'bogus' (known passes: "
       "parse-edges, discover-families, fold-for, fold-parfor, "
       "annotate-stage, prune, collapse-stages, verify; see -list-passes)"},
      {"parse-edges,,verify",
       "-passes:1:13: error: empty element 2 in the pass pipeline"},
      {"", "-passes:1:1: error: empty pass pipeline"},
      {"prune{depth=x}", "-passes:1:13: error: invalid value 'x' for "
                         "parameter 'depth' of pass 'prune' (expected a "
                         "whole number)"},
      {"prune{deep=1}", "-passes:1:7: error: pass 'prune' has no parameter "
                        "'deep' (its parameters: depth, leaves, min-ops, "
                        "pattern)"},
      {"verify{x=1}", "-passes:1:8: error: pass 'verify' takes no parameters"},
      {"prune{depth=1 depth=2}",
       "-passes:1:15: error: parameter 'depth' of pass 'prune' given twice"},
      {"prune{depth 2}",
       "-passes:1:13: error: expected '=' after parameter 'depth'"},
      {"prune{depth=2",
       "-passes:1:6: error: missing '}' after the parameters of pass "
       "'prune'"},
      {"prune{pattern='a.*}", "-passes:1:15: error: missing closing quote"},
      {"prune{depth=}", "-passes:1:13: error: expected a value"},
      {"prune verify", "-passes:1:7: error: expected ',' or '{' after pass "
                       "'prune'"},
      {"test-break-ir", "-passes:1:1: error: unknown pass 'test-break-ir'"},
  };
  for (const Case &C : Cases) {
    PassManager PM;
    std::string Error;
    EXPECT_FALSE(parse(PM, C.Text, Error)) << C.Text;
    EXPECT_TRUE(contains(Error, C.Message)) << C.Text << "\n" << Error;
  }
}

TEST(PassManagerTest, EveryRegisteredPassCanBeCreatedAndLookedUp) {
  std::vector<llvm::StringRef> Names;
  for (const PassInfo *P : registeredPasses(/*IncludeTestPasses=*/true)) {
    EXPECT_FALSE(P->Name.empty());
    EXPECT_FALSE(P->Description.empty()) << P->Name.str();
    EXPECT_NE(P->Create(), nullptr) << P->Name.str();
    EXPECT_EQ(lookupPass(P->Name, /*IncludeTestPasses=*/true), P);
    EXPECT_EQ(llvm::count(Names, P->Name), 0) << P->Name.str();
    Names.push_back(P->Name);
    for (const PassParamInfo &Param : P->Params) {
      EXPECT_EQ(Param.Pass, P->Name);
      EXPECT_EQ(P->lookupParam(Param.Name), &Param);
    }
  }
  // The test pass is known only when asked for.
  EXPECT_EQ(lookupPass("test-break-ir"), nullptr);
  ASSERT_NE(lookupPass("test-break-ir", true), nullptr);
  EXPECT_TRUE(lookupPass("test-break-ir", true)->TestOnly);
}

TEST(PassManagerTest, DefaultPipelineIsTheMarkedPassesInOrder) {
  std::vector<std::string> Names;
  for (const PassInfo *P : defaultPipeline())
    Names.push_back(P->Name.str());
  EXPECT_EQ(Names, (std::vector<std::string>{"parse-edges", "discover-families",
                                             "fold-for", "fold-parfor",
                                             "annotate-stage", "prune"}));
  EXPECT_EQ(defaultPipelineElements(/*InputIsTree=*/true).size(), 5u);
}

TEST(PassManagerTest, TreePassOnTraceFormSaysWhatIsMissing) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText("root calls=1 total_calls=0 total_ops=0\n"));
  EXPECT_FALSE(F.runPipeline("parse-edges"));
  EXPECT_TRUE(contains(F.messages(), "needs the trace form")) << F.messages();
}

TEST(PassManagerTest, VerifyEachCatchesTheBrokenIR) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText("root calls=1 total_calls=2 total_ops=0 {\n"
                            "  module \"a\" : \"A\" calls=2 per_call=2 "
                            "ops=0\n"
                            "}\n"));
  EXPECT_TRUE(F.runPipeline("verify"));
  EXPECT_FALSE(F.runPipeline("test-break-ir,verify"));
  EXPECT_TRUE(
      contains(F.messages(), "the IR is invalid after pass 'test-break-ir'"))
      << F.messages();
}

TEST(PassManagerTest, CallbacksRunAroundEachPassInOrder) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText("root calls=1 total_calls=0 total_ops=0\n"));
  std::unique_ptr<Profile> Prof = loadProfile("generic", F.Diags);
  ASSERT_TRUE(Prof);
  PassManager PM;
  ASSERT_TRUE(PM.parsePipeline("verify,prune", F.Diags));
  std::vector<std::string> Log;
  PassInstrumentationCallbacks PIC;
  PIC.registerBeforePassCallback([&](llvm::StringRef P, const CallGraph &) {
    Log.push_back("before " + P.str());
  });
  PIC.registerAfterPassCallback([&](llvm::StringRef P, const CallGraph &) {
    Log.push_back("after " + P.str());
    return true;
  });
  PIC.registerAfterPassCallback(
      [&](llvm::StringRef P, const CallGraph &) {
        Log.push_back("first after " + P.str());
        return true;
      },
      /*ToFront=*/true);
  PassContext Ctx{F.Diags, *Prof, PassOptions()};
  ASSERT_TRUE(PM.run(F.G, Ctx, &PIC)) << F.messages();
  EXPECT_EQ(Log, (std::vector<std::string>{
                     "before verify", "first after verify", "after verify",
                     "before prune", "first after prune", "after prune"}));

  // An after-callback that returns false stops the pipeline.
  PassInstrumentationCallbacks Stop;
  Log.clear();
  Stop.registerAfterPassCallback([&](llvm::StringRef P, const CallGraph &) {
    Log.push_back(P.str());
    return false;
  });
  EXPECT_FALSE(PM.run(F.G, Ctx, &Stop));
  EXPECT_EQ(Log, (std::vector<std::string>{"verify"}));
}
