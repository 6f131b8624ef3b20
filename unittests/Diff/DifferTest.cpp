//===- DifferTest.cpp - Pairing and comparing grouped trees ---------------===//
//
// diffModels on small hand-made models: pairing by path and by pattern up
// to index sets (only one to one), the loop spelled against the other
// side, lists and events compared as multisets, and what makes two models
// agree.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/Differ.h"

#include "gtest/gtest.h"

using namespace dsocr;

namespace {

DiffNode node(std::string Path, std::string Class, std::string Kind = "module",
              uint64_t Count = 0) {
  DiffNode N;
  N.Path = std::move(Path);
  N.Class = std::move(Class);
  N.Kind = std::move(Kind);
  N.Count = Count;
  N.Calls = 1;
  N.PerCall = "1";
  return N;
}

const FieldChange *field(const NodeChange &C, llvm::StringRef Name) {
  for (const FieldChange &F : C.Fields)
    if (F.Field == Name)
      return &F;
  return nullptr;
}

TEST(DifferTest, IdenticalModelsAgree) {
  DiffModel L;
  L.Nodes = {node("a", "A"), node("a.b", "B")};
  DiffModel R = L;
  DiffResult D = diffModels(L, R);
  EXPECT_TRUE(D.equal());
  EXPECT_TRUE(D.Changed.empty());
}

TEST(DifferTest, PairsByPatternUpToIndexSetsOneToOne) {
  DiffModel L, R;
  L.Nodes = {node("layers.[0-11]", "Layer", "for", 12)};
  R.Nodes = {node("layers.[0-12]", "Layer", "for", 13)};
  DiffResult D = diffModels(L, R);
  ASSERT_EQ(D.Changed.size(), 1u);
  EXPECT_TRUE(D.OnlyLeft.empty());
  EXPECT_TRUE(D.OnlyRight.empty());
  const FieldChange *Loop = field(D.Changed[0], "loop");
  ASSERT_TRUE(Loop);
  EXPECT_EQ(Loop->Left, "for 12");
  EXPECT_EQ(Loop->Right, "for 13");
  ASSERT_TRUE(field(D.Changed[0], "path"));
}

TEST(DifferTest, AmbiguousPatternsArePairedWithNothing) {
  // Two left nodes share the pattern x.[*].y: neither is paired by shape.
  DiffModel L, R;
  L.Nodes = {node("x.[0-1].y", "Y", "for", 2),
             node("x.[2-3].y", "Y", "for", 2)};
  R.Nodes = {node("x.[0-3].y", "Y", "for", 4)};
  DiffResult D = diffModels(L, R);
  EXPECT_TRUE(D.Changed.empty());
  EXPECT_EQ(D.OnlyLeft.size(), 2u);
  EXPECT_EQ(D.OnlyRight.size(), 1u);
  EXPECT_FALSE(D.equal());
}

TEST(DifferTest, AClassChangeIsNotAPairByPattern) {
  DiffModel L, R;
  L.Nodes = {node("m.[0-1]", "A", "for", 2)};
  R.Nodes = {node("m.[0-2]", "B", "for", 3)};
  DiffResult D = diffModels(L, R);
  EXPECT_EQ(D.OnlyLeft.size(), 1u);
  EXPECT_EQ(D.OnlyRight.size(), 1u);
}

TEST(DifferTest, OneCallPerCallerCallIsParfor1BesideARepeat) {
  DiffModel L, R;
  L.Nodes = {node("enc", "Enc")};
  DiffNode Twice = node("enc", "Enc");
  Twice.Repeat = 2;
  Twice.Calls = 2;
  Twice.PerCall = "2";
  R.Nodes = {Twice};
  DiffResult D = diffModels(L, R);
  ASSERT_EQ(D.Changed.size(), 1u);
  const FieldChange *Loop = field(D.Changed[0], "loop");
  ASSERT_TRUE(Loop);
  EXPECT_EQ(Loop->Left, "parfor 1");
  EXPECT_EQ(Loop->Right, "parfor 2");

  // Called on some caller calls only (per call 1/2): no `parfor 1`.
  L.Nodes[0].PerCall = "1/2";
  D = diffModels(L, R);
  Loop = field(D.Changed[0], "loop");
  ASSERT_TRUE(Loop);
  EXPECT_EQ(Loop->Left, "");
}

TEST(DifferTest, ListsAreMultisets) {
  DiffModel L, R;
  L.Nodes = {node("a", "A")};
  R.Nodes = {node("a", "A")};
  L.Nodes[0].Notes = {"n", "n", "m"};
  R.Nodes[0].Notes = {"m", "n"};
  DiffResult D = diffModels(L, R);
  ASSERT_EQ(D.Changed.size(), 1u);
  ASSERT_EQ(D.Changed[0].Lists.size(), 1u);
  EXPECT_EQ(D.Changed[0].Lists[0].Field, "notes");
  EXPECT_EQ(D.Changed[0].Lists[0].OnlyLeft, std::vector<std::string>{"n"});
  EXPECT_TRUE(D.Changed[0].Lists[0].OnlyRight.empty());
}

TEST(DifferTest, ShapesWithOtherCallCounts) {
  DiffModel L, R;
  L.Nodes = {node("a", "A")};
  R.Nodes = {node("a", "A")};
  L.Nodes[0].Signatures = {{"[1] f32 -> [1] f32", 2},
                           {"[4] f32 -> [4] f32", 1}};
  R.Nodes[0].Signatures = {{"[1] f32 -> [1] f32", 3}};
  DiffResult D = diffModels(L, R);
  ASSERT_EQ(D.Changed.size(), 1u);
  const std::vector<SignatureChange> &S = D.Changed[0].Shapes;
  ASSERT_EQ(S.size(), 2u);
  EXPECT_EQ(S[0].Text, "[1] f32 -> [1] f32");
  EXPECT_EQ(S[0].LeftCalls, 2u);
  EXPECT_EQ(S[0].RightCalls, 3u);
  EXPECT_EQ(S[1].Text, "[4] f32 -> [4] f32");
  EXPECT_EQ(S[1].RightCalls, 0u);
}

TEST(DifferTest, EventsAndStagesMakeModelsDiffer) {
  DiffModel L, R;
  L.Nodes = R.Nodes = {node("a", "A")};
  RuntimeEvent E;
  E.Kind = "k";
  E.JSON = "{\"kind\":\"k\"}";
  L.Events = {E, E};
  R.Events = {E};
  DiffResult D = diffModels(L, R);
  EXPECT_FALSE(D.equal());
  EXPECT_EQ(D.EventsOnlyLeft.size(), 1u);
  EXPECT_TRUE(D.EventsOnlyRight.empty());

  R.Events = L.Events;
  DiffStage S;
  S.Name = "enc";
  S.Calls = 1;
  L.Stages = {S};
  S.Calls = 2;
  R.Stages = {S};
  D = diffModels(L, R);
  EXPECT_FALSE(D.equal());
  ASSERT_EQ(D.Stages.size(), 1u);
  EXPECT_TRUE(D.Stages[0].changed());
  R.Stages[0].Calls = 1;
  EXPECT_TRUE(diffModels(L, R).equal());
}

} // namespace
