//===- ParseEdgesTest.cpp - Tests of the parse-edges pass -----------------===//

#include "../TestUtil.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

namespace {
std::vector<std::string> childAddresses(const Node *N) {
  std::vector<std::string> Out;
  for (const Node *C : N->children())
    Out.push_back(C->address().str());
  return Out;
}
} // namespace

TEST(ParseEdgesTest, RootCallsOnceAndRatiosAreExact) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"enc": 2, "enc.b": 6, "head": 1},
    "edges": {"enc->enc.b": 6},
    "op_call_counts": {"enc.b": 6, "head": 1},
    "module_classes": {"enc": "E", "enc.b": "B", "head": "H"}
  })"))
      << F.messages();
  ASSERT_TRUE(F.runPipeline("parse-edges")) << F.messages();
  const Node *Root = F.G.root();
  EXPECT_EQ(Root->calls(), 1u);
  EXPECT_EQ(childAddresses(Root), (std::vector<std::string>{"enc", "head"}));
  const Node *Enc = Root->children()[0];
  EXPECT_EQ(Enc->perCall().str(), "2");
  EXPECT_EQ(Enc->children()[0]->perCall().str(), "3");
  EXPECT_EQ(Root->extra()->TotalCalls, 9u);
  EXPECT_EQ(Root->extra()->TotalOps, 7u);
}

TEST(ParseEdgesTest, ContainersVanishAndUncalledModulesStay) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"m": 1, "m.experts.0": 1, "m.experts.2": 1},
    "edges": {"m->m.experts.0": 1, "m->m.experts.2": 1},
    "op_call_counts": {"m.experts.0": 1, "m.experts.2": 1},
    "module_children": {"m": ["m.experts.0", "m.experts.2"]},
    "module_classes": {"m": "MoE", "m.experts": "ModuleList",
      "m.experts.0": "MLP", "m.experts.1": "MLP", "m.experts.2": "MLP",
      "m.experts.1.fc": "Linear"}
  })"))
      << F.messages();
  ASSERT_TRUE(F.runPipeline("parse-edges")) << F.messages();
  const Node *M = F.G.root()->children()[0];
  // Listed children first, in list order; the never-called expert after.
  EXPECT_EQ(
      childAddresses(M),
      (std::vector<std::string>{"m.experts.0", "m.experts.2", "m.experts.1"}));
  const Node *E1 = M->children()[2];
  EXPECT_EQ(E1->calls(), 0u);
  EXPECT_EQ(childAddresses(E1), (std::vector<std::string>{"m.experts.1.fc"}));
}

TEST(ParseEdgesTest, StaticHierarchyIsTheFallback) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"a": 1, "a.x": 1},
    "edges": {},
    "module_children": {"a": ["a.x"]},
    "module_classes": {"a": "A", "a.x": "X"}
  })"))
      << F.messages();
  ASSERT_TRUE(F.runPipeline("parse-edges")) << F.messages();
  ASSERT_EQ(F.G.root()->children().size(), 1u);
  EXPECT_EQ(childAddresses(F.G.root()->children()[0]),
            (std::vector<std::string>{"a.x"}));
}

TEST(ParseEdgesTest, SharedModuleStaysUnderItsStaticOwner) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"m": 1, "m.a": 1, "m.b": 1, "m.a.norm": 2},
    "edges": {"m->m.a": 2, "m->m.b": 1, "m.a->m.a.norm": 1,
              "m.b->m.a.norm": 1},
    "op_call_counts": {"m.a.norm": 2},
    "module_children": {"m": ["m.a", "m.b"], "m.a": ["m.a.norm"]},
    "module_classes": {"m": "M", "m.a": "A", "m.b": "B", "m.a.norm": "N"}
  })"))
      << F.messages();
  ASSERT_TRUE(F.runPipeline("parse-edges")) << F.messages();
  const Node *M = F.G.root()->children()[0];
  ASSERT_EQ(childAddresses(M), (std::vector<std::string>{"m.a", "m.b"}));
  ASSERT_EQ(childAddresses(M->children()[0]),
            (std::vector<std::string>{"m.a.norm"}));
  EXPECT_TRUE(M->children()[1]->children().empty());
  const Node *Norm = M->children()[0]->children()[0];
  EXPECT_FALSE(Norm->perCall().isKnown());
  EXPECT_EQ(Norm->extra()->SharedBy,
            (std::vector<std::string>{"m.a", "m.b"}));
}

TEST(ParseEdgesTest, SharedModuleWithoutStaticParentFollowsItsAddress) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"m": 1, "m.l0": 1, "m.l1": 1, "m.act": 2},
    "edges": {"m->m.l0": 2, "m->m.l1": 2, "m.l0->m.act": 1,
              "m.l1->m.act": 1},
    "op_call_counts": {"m.act": 2},
    "module_classes": {"m": "M", "m.l0": "L", "m.l1": "L", "m.act": "GELU"}
  })"))
      << F.messages();
  ASSERT_TRUE(F.runPipeline("parse-edges")) << F.messages();
  const Node *M = F.G.root()->children()[0];
  ASSERT_EQ(childAddresses(M),
            (std::vector<std::string>{"m.l0", "m.l1", "m.act"}));
  EXPECT_EQ(M->children()[2]->extra()->SharedBy,
            (std::vector<std::string>{"m.l0", "m.l1"}));
}

TEST(ParseEdgesTest, EdgeCycleIsAnError) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"a": 1, "b": 1},
    "edges": {"a->b": 1, "b->a": 1},
    "module_classes": {"a": "A", "b": "B"}
  })"))
      << F.messages();
  EXPECT_FALSE(F.runPipeline("parse-edges"));
  EXPECT_NE(F.messages().find("the edges form a cycle"), std::string::npos)
      << F.messages();
}

TEST(ParseEdgesTest, EdgeToUncalledModuleIsAnError) {
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"a": 1},
    "edges": {"a->b": 1},
    "module_classes": {"a": "A", "b": "B"}
  })"))
      << F.messages();
  EXPECT_FALSE(F.runPipeline("parse-edges"));
  EXPECT_NE(F.messages().find("edge 'a->b' enters 'b', which has no call "
                              "count"),
            std::string::npos)
      << F.messages();
}

// Key order carries first-call order: shuffled keys may reorder siblings,
// but the tree is the same.
TEST(ParseEdgesTest, TreeDoesNotDependOnKeyOrder) {
  const char *A = R"({"call_counts": {"z": 1, "a": 2, "a.k": 2},
    "edges": {"a->a.k": 0}, "module_classes": {"z": "Z", "a": "A", "a.k": "K"}})";
  const char *B = R"({"module_classes": {"a.k": "K", "a": "A", "z": "Z"},
    "edges": {"a->a.k": 0}, "call_counts": {"a.k": 2, "a": 2, "z": 1}})";
  Fixture FA, FB;
  ASSERT_TRUE(FA.readTraceText(A) && FA.runPipeline("parse-edges"));
  ASSERT_TRUE(FB.readTraceText(B) && FB.runPipeline("parse-edges"));
  EXPECT_EQ(sortedLines(FA.printed()), sortedLines(FB.printed()));
  EXPECT_NE(FA.printed(), FB.printed()); // the root's children: z, a; a, z
}

TEST(ParseEdgesTest, ChildrenComeInFirstCallOrder) {
  // No module_children for the root: call_counts' key order is the only
  // record of the order; never-called children come last.
  Fixture F;
  ASSERT_TRUE(F.readTraceText(R"({
    "call_counts": {"stem": 1, "body": 1, "body.b": 1, "body.a": 1,
                    "avgpool": 1},
    "edges": {"body->body.b": 0, "body->body.a": 0},
    "module_classes": {"stem": "S", "body": "B", "body.a": "A", "body.b": "B",
                       "body.c": "C", "avgpool": "P"}
  })"))
      << F.messages();
  ASSERT_TRUE(F.runPipeline("parse-edges")) << F.messages();
  EXPECT_EQ(childAddresses(F.G.root()),
            (std::vector<std::string>{"stem", "body", "avgpool"}));
  EXPECT_EQ(childAddresses(F.G.root()->children()[1]),
            (std::vector<std::string>{"body.b", "body.a", "body.c"}));
}
