//===- SignatureTest.cpp - Structural signatures --------------------------===//
//
// Equal structure gives equal signatures, whatever the op counts, also when
// the signatures are computed on several threads into private tables that
// number tuples in a different order and are merged afterwards.
//
//===----------------------------------------------------------------------===//

#include "../TestUtil.h"

#include "dsocr/Passes/Signature.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

namespace {

// Blocks of two shapes, A (attn + mlp) and B (attn + moe with two experts),
// in the order A B B A: a second thread that takes B A meets the shapes in
// the opposite order to the first, so its private numbers differ.
const char *const Blocks = R"(root calls=1 total_calls=15 total_ops=40 {
  module "b.0" : "Block" calls=1 per_call=1 ops=1 {
    module "b.0.attn" : "Attn" calls=1 per_call=1 ops=2
    module "b.0.mlp" : "MLP" calls=1 per_call=1 ops=3
  }
  module "b.1" : "Block" calls=1 per_call=1 ops=1 {
    module "b.1.attn" : "Attn" calls=1 per_call=1 ops=2
    module "b.1.moe" : "MoE" calls=1 per_call=1 ops=1 {
      module "b.1.moe.0" : "Expert" calls=1 per_call=1 ops=1
      module "b.1.moe.1" : "Expert" calls=1 per_call=1 ops=1
    }
  }
  module "b.2" : "Block" calls=1 per_call=1 ops=1 {
    module "b.2.attn" : "Attn" calls=1 per_call=1 ops=7
    module "b.2.moe" : "MoE" calls=1 per_call=1 ops=1 {
      module "b.2.moe.0" : "Expert" calls=1 per_call=1 ops=1
      module "b.2.moe.1" : "Expert" calls=1 per_call=1 ops=1
    }
  }
  module "b.3" : "Block" calls=1 per_call=1 ops=1 {
    module "b.3.attn" : "Attn" calls=1 per_call=1 ops=2
    module "b.3.mlp" : "MLP" calls=1 per_call=1 ops=3
  }
}
)";

std::vector<std::pair<uint64_t, const Node *>> members(const CallGraph &G) {
  std::vector<std::pair<uint64_t, const Node *>> Out;
  for (const Node *C : G.root()->children())
    Out.push_back({Out.size(), C});
  return Out;
}

std::string str(const std::vector<IndexSet> &Sets) {
  std::string S;
  for (const IndexSet &I : Sets)
    S += "[" + I.str() + "]";
  return S;
}

TEST(SignatureTest, EqualStructureEqualSignature) {
  Fixture F;
  ASSERT_TRUE(F.parseIRText(Blocks)) << F.messages();
  StructuralSignatures Sigs;
  auto M = members(F.G);
  EXPECT_EQ(Sigs.of(*M[0].second), Sigs.of(*M[3].second));
  EXPECT_EQ(Sigs.of(*M[1].second), Sigs.of(*M[2].second)); // ops differ
  EXPECT_NE(Sigs.of(*M[0].second), Sigs.of(*M[1].second));
  EXPECT_EQ(str(Sigs.partition(M)), "[0,3][1-2]");
}

TEST(SignatureTest, ThreadsGiveTheSameSignatures) {
  for (unsigned Threads : {2u, 3u, 4u}) {
    Fixture F;
    ASSERT_TRUE(F.parseIRText(Blocks)) << F.messages();
    auto M = members(F.G);
    std::vector<const Node *> Roots;
    for (const auto &P : M)
      Roots.push_back(P.second);
    StructuralSignatures Sigs;
    Sigs.computeInParallel(Roots, Threads);
    EXPECT_EQ(str(Sigs.partition(M)), "[0,3][1-2]") << Threads << " threads";
    // Below the roots too: the experts are alike, attn and mlp are not.
    const Node *Moe1 = M[1].second->children()[1];
    const Node *Moe2 = M[2].second->children()[1];
    EXPECT_EQ(Sigs.of(*Moe1), Sigs.of(*Moe2)) << Threads << " threads";
    EXPECT_EQ(Sigs.of(*Moe1->children()[0]), Sigs.of(*Moe2->children()[1]));
    EXPECT_NE(Sigs.of(*M[0].second->children()[0]),
              Sigs.of(*M[0].second->children()[1]));
  }
}

} // namespace
