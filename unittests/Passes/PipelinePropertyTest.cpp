//===- PipelinePropertyTest.cpp - The pipeline on random models -----------===//
//
// Generates random module trees (stacks, fan-outs with never-called members,
// repeated calls, nested families), writes them as TorchLens JSON with edge
// weights equal to inclusive ops, and checks that the whole pipeline keeps
// every invariant (-verify-each) and that its output does not depend on the
// key order of the input.
//
//===----------------------------------------------------------------------===//

#include "../TestUtil.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

using namespace dsocr;
using namespace dsocr::test;

namespace {

struct Module {
  std::string Address, Class;
  uint64_t Calls = 0, Ops = 0;
  std::vector<size_t> Children;
};

class RandomModel {
public:
  explicit RandomModel(unsigned Seed) : Rng(Seed) {
    for (int I = 0; I < 3; ++I)
      addModule("", "m" + std::to_string(I), 1 + pick(2), 0);
  }

  /// The trace as JSON; Shuffle permutes the entries of every object.
  std::string json(bool Shuffle) {
    std::mt19937 R(Shuffle ? 1234 : 0);
    auto Section = [&](std::vector<std::string> Items) {
      if (Shuffle)
        std::shuffle(Items.begin(), Items.end(), R);
      std::string S = "{";
      for (size_t I = 0; I < Items.size(); ++I)
        S += (I ? ", " : "") + Items[I];
      return S + "}";
    };
    std::vector<std::string> Calls, Ops, Edges, Kids, Classes;
    for (const Module &M : Mods) {
      std::string Key = "\"" + M.Address + "\"";
      Classes.push_back(Key + ": \"" + M.Class + "\"");
      if (M.Calls)
        Calls.push_back(Key + ": " + std::to_string(M.Calls));
      if (M.Ops)
        Ops.push_back(Key + ": " + std::to_string(M.Ops));
      if (M.Children.empty())
        continue;
      std::string List = "[";
      for (size_t I = 0; I < M.Children.size(); ++I) {
        const Module &C = Mods[M.Children[I]];
        List += (I ? ", \"" : "\"") + C.Address + "\"";
        if (C.Calls)
          Edges.push_back("\"" + M.Address + "->" + C.Address +
                          "\": " + std::to_string(inclusive(M.Children[I])));
      }
      Kids.push_back(Key + ": " + List + "]");
    }
    std::vector<std::string> Top = {"\"call_counts\": " + Section(Calls),
                                    "\"edges\": " + Section(Edges),
                                    "\"op_call_counts\": " + Section(Ops),
                                    "\"module_children\": " + Section(Kids),
                                    "\"module_classes\": " + Section(Classes)};
    if (Shuffle)
      std::shuffle(Top.begin(), Top.end(), R);
    return Section(Top);
  }

private:
  unsigned pick(unsigned N) {
    return std::uniform_int_distribution<unsigned>(0, N - 1)(Rng);
  }

  uint64_t inclusive(size_t I) {
    uint64_t Sum = Mods[I].Ops;
    for (size_t C : Mods[I].Children)
      Sum += inclusive(C);
    return Sum;
  }

  /// Adds a module (and a random subtree) called Calls times in total.
  size_t addModule(const std::string &Parent, const std::string &Name,
                   uint64_t Calls, unsigned Depth, std::string Class = "") {
    size_t Me = Mods.size();
    Mods.push_back({});
    Mods[Me].Address = Parent.empty() ? Name : Parent + "." + Name;
    Mods[Me].Class = Class.empty() ? "C" + std::to_string(pick(4)) : Class;
    Mods[Me].Calls = Calls;
    Mods[Me].Ops = Calls ? Calls * pick(3) : 0;
    if (Depth >= 3)
      return Me;
    std::string Addr = Mods[Me].Address;
    unsigned Kinds = pick(4);
    for (unsigned K = 0; K < Kinds; ++K) {
      unsigned What = pick(4);
      std::string N = "c" + std::to_string(K);
      if (What == 0) { // a plain child, sometimes called repeatedly
        size_t C = addModule(Addr, N, Calls * (1 + pick(3)), Depth + 1);
        Mods[Me].Children.push_back(C);
      } else if (What == 1) { // a stack
        unsigned Len = 2 + pick(4);
        std::string Cls = "Block" + std::to_string(pick(2));
        for (unsigned I = 0; I < Len; ++I) {
          // addModule may grow Mods: take the index before indexing Mods.
          size_t C = addModule(Addr, N + "." + std::to_string(I), Calls,
                               Depth + 1, Cls);
          Mods[Me].Children.push_back(C);
        }
      } else if (What == 2) { // a fan-out with routed-out members
        unsigned Len = 3 + pick(5);
        for (unsigned I = 0; I < Len; ++I) {
          bool Called = pick(4) != 0 && Calls > 0;
          size_t C = addModule(Addr, N + "." + std::to_string(I),
                               Called ? Calls : 0, 3, "Expert");
          if (Called)
            Mods[Me].Children.push_back(C);
        }
      }
    }
    return Me;
  }

  std::mt19937 Rng;
  std::vector<Module> Mods;
};

/// The IR after the default pipeline, or "" if it failed.
std::string runDefault(Fixture &F, PassOptions Options = PassOptions()) {
  if (!F.runPipeline("parse-edges,discover-families,fold-for,fold-parfor,"
                     "annotate-stage,prune",
                     "generic", Options))
    return "";
  return F.printed();
}

} // namespace

// Shuffled keys lose first-call order: siblings may be reordered, the
// groups and the tree must be the same.
TEST(PipelinePropertyTest, InvariantsHoldAndKeyOrderChangesOnlySiblingOrder) {
  for (unsigned Seed = 1; Seed <= 200; ++Seed) {
    RandomModel M(Seed);
    Fixture A, B;
    ASSERT_TRUE(A.readTraceText(M.json(false))) << A.messages();
    ASSERT_TRUE(B.readTraceText(M.json(true))) << B.messages();
    std::string IR = runDefault(A);
    ASSERT_FALSE(IR.empty()) << "seed " << Seed << ": " << A.messages();
    EXPECT_EQ(sortedLines(IR), sortedLines(runDefault(B))) << "seed " << Seed;
    // The grouped IR parses back to itself.
    Fixture C;
    ASSERT_TRUE(C.parseIRText(IR)) << C.messages();
    EXPECT_EQ(C.printed(), IR) << "seed " << Seed;
  }
}

TEST(PipelinePropertyTest, ThreadsDoNotChangeTheResult) {
  // Passes that use threads on big graphs (discover-families' signatures)
  // are forced to use them here, on small ones.
  for (unsigned Seed = 1; Seed <= 200; ++Seed) {
    RandomModel M(Seed);
    std::string Text = M.json(false);
    PassOptions One;
    One.Threads = 1;
    Fixture A;
    ASSERT_TRUE(A.readTraceText(Text)) << A.messages();
    std::string Expected = runDefault(A, One);
    ASSERT_FALSE(Expected.empty()) << "seed " << Seed << ": " << A.messages();
    for (unsigned Threads : {2u, 3u}) {
      PassOptions Many;
      Many.Threads = Threads;
      Many.ParallelFrom = 0;
      Fixture B;
      ASSERT_TRUE(B.readTraceText(Text)) << B.messages();
      EXPECT_EQ(runDefault(B, Many), Expected)
          << "seed " << Seed << ", " << Threads << " threads";
    }
  }
}
