//===- VerifierTest.cpp - Tests of the IR verifier ------------------------===//

#include "../TestUtil.h"

#include "dsocr/IR/Verifier.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

static std::string verifyText(const char *IR, bool &OK) {
  Fixture F;
  EXPECT_TRUE(F.parseIRText(IR)) << F.messages();
  OK = verifyCallGraph(F.G, F.Diags);
  return F.messages();
}

TEST(VerifierTest, AcceptsConsistentTree) {
  bool OK;
  std::string M = verifyText(
      "root calls=1 total_calls=3 total_ops=4 {\n"
      "  module \"a\" : \"A\" calls=1 per_call=1 ops=1 {\n"
      "    module \"a.b\" : \"B\" calls=2 per_call=2 parfor=2 ops=3\n"
      "  }\n"
      "}\n",
      OK);
  EXPECT_TRUE(OK) << M;
}

TEST(VerifierTest, CatchesLostCalls) {
  bool OK;
  std::string M = verifyText("root calls=1 total_calls=5 total_ops=1 {\n"
                             "  module \"a\" : \"A\" calls=1 per_call=1 ops=1\n"
                             "}\n",
                             OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("calls are not conserved"), std::string::npos) << M;
}

TEST(VerifierTest, CatchesWrongPerCall) {
  bool OK;
  std::string M =
      verifyText("root calls=1 total_calls=3 total_ops=0 {\n"
                 "  module \"a\" : \"A\" calls=1 per_call=1 ops=0 {\n"
                 "    module \"a.b\" : \"B\" calls=2 per_call=3 ops=0\n"
                 "  }\n"
                 "}\n",
                 OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("test.ir:3:5: error: IR verification failed at 'a.b': "
                   "per_call=3"),
            std::string::npos)
      << M;
}

TEST(VerifierTest, CatchesGroupCountMismatchAndBadVariants) {
  bool OK;
  std::string M = verifyText(
      "root calls=1 total_calls=3 total_ops=0 {\n"
      "  for \"s.[0-2]\" : \"B\" count=4 members=[0-2] instances=3 calls=3 "
      "per_call=1 ops=0\n"
      "}\n",
      OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("count=4 but members=[0-2] has 3 indices"),
            std::string::npos)
      << M;
  M = verifyText("root calls=1 total_calls=3 total_ops=0 {\n"
                 "  for \"s.[0-2]\" : \"B\" count=3 members=[0-2] instances=3 "
                 "calls=3 per_call=1 ops=0 {\n"
                 "    variant [0-1] ops=0\n"
                 "    variant [1-5] ops=0\n"
                 "  }\n"
                 "}\n",
                 OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("variant [1-5] is not a subset"), std::string::npos) << M;
}

TEST(VerifierTest, CatchesCallsUnderNeverCalledCaller) {
  bool OK;
  std::string M =
      verifyText("root calls=1 total_calls=1 total_ops=0 {\n"
                 "  module \"a\" : \"A\" calls=0 per_call=0 ops=0 {\n"
                 "    module \"a.b\" : \"B\" calls=1 ops=0\n"
                 "  }\n"
                 "}\n",
                 OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("under a caller that is never called"), std::string::npos)
      << M;
}

TEST(VerifierTest, CatchesFamilyNamingAMissingChild) {
  bool OK;
  std::string M =
      verifyText("root calls=1 total_calls=2 total_ops=0 {\n"
                 "  module \"m\" : \"M\" calls=1 per_call=1 ops=0 {\n"
                 "    family \"m.l\" : \"L\" kind=for members=[0-1]\n"
                 "    module \"m.l.0\" : \"L\" calls=1 per_call=1 ops=0\n"
                 "  }\n"
                 "}\n",
                 OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("there is no child 'm.l.1'"), std::string::npos) << M;
}

// The trace form: a graph built without TraceBuilder's checks (a pass, a
// unit test) is checked by the verifier as the builder would have.
namespace {
struct TraceForm {
  Fixture F;
  Node *module(const char *Address, const char *Class) {
    Node *N = F.G.getOrCreateModule(Address, nullptr);
    if (Class) {
      N->setClassName(F.G.intern(Class));
      N->setHasClass(true);
    }
    return N;
  }
  std::string verify(bool &OK) {
    OK = verifyCallGraph(F.G, F.Diags);
    return F.messages();
  }
};
} // namespace

TEST(VerifierTest, AcceptsAConsistentTraceForm) {
  TraceForm T;
  Node *A = T.module("a", "A"), *B = T.module("a.b", "B");
  B->setStaticParent(A, 0, nullptr);
  B->setFirstCaller({A, 3, nullptr});
  bool OK;
  std::string M = T.verify(OK);
  EXPECT_TRUE(OK) << M;
}

TEST(VerifierTest, CatchesTraceFormModuleWithoutClass) {
  TraceForm T;
  T.module("a", "A");
  T.module("ghost", nullptr);
  bool OK;
  std::string M = T.verify(OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("IR verification failed at 'ghost': it has no class"),
            std::string::npos)
      << M;
}

TEST(VerifierTest, CatchesTraceFormChildrenCycle) {
  TraceForm T;
  Node *A = T.module("a", "A"), *B = T.module("b", "B");
  A->setStaticParent(B, 0, nullptr);
  B->setStaticParent(A, 0, nullptr);
  bool OK;
  std::string M = T.verify(OK);
  EXPECT_FALSE(OK);
  EXPECT_NE(M.find("the children lists form a cycle: "), std::string::npos)
      << M;
}

TEST(VerifierTest, CatchesTraceFormBadEdges) {
  {
    TraceForm T;
    Node *A = T.module("a", "A");
    A->setFirstCaller({A, 1, nullptr});
    bool OK;
    std::string M = T.verify(OK);
    EXPECT_FALSE(OK);
    EXPECT_NE(M.find("'a': it is its own caller"), std::string::npos) << M;
  }
  {
    TraceForm T;
    Node *A = T.module("a", "A"), *B = T.module("b", "B");
    B->setFirstCaller({A, 1, nullptr});
    B->getOrCreateExtra().MoreCallers.push_back({A, 2, nullptr});
    bool OK;
    std::string M = T.verify(OK);
    EXPECT_FALSE(OK);
    EXPECT_NE(M.find("'b': caller 'a' is listed twice"), std::string::npos)
        << M;
  }
  {
    TraceForm T;
    Node *A = T.module("a", "A");
    A->setCalls(uint64_t(1) << 63);
    A->setHasCallCount(true);
    bool OK;
    std::string M = T.verify(OK);
    EXPECT_FALSE(OK);
    EXPECT_NE(M.find("larger than 2^63-1"), std::string::npos) << M;
  }
}
