//===- ModelDescriptionTest.cpp - Reading model descriptions --------------===//
//
// Variants (inheritance with in-place overrides), `at` entries that take the
// arguments of `of`, parameters, and located errors.
//
//===----------------------------------------------------------------------===//

#include "../TestUtil.h"

#include "dsocr/TraceGen/BuiltinModels.h"
#include "dsocr/TraceGen/ModelDescription.h"

#include "gtest/gtest.h"

using namespace dsocr;

namespace {

struct Parsed : test::CapturedDiagnostics {
  std::unique_ptr<ModelDescription> D;

  explicit Parsed(llvm::StringRef Text) {
    D = parseModelDescription(*buffer(Text, "d.json"), Diags);
  }
};

const ClassDecl *find(const ModelDescription &D, llvm::StringRef Key) {
  for (const auto &C : D.Classes)
    if (C->Key == Key)
      return C.get();
  return nullptr;
}

TEST(ModelDescriptionTest, VariantsOverrideInPlace) {
  Parsed P(R"({"name": "m", "model": "M", "params": {"n": 3, "m": "n * 2"},
    "classes": {
      "M": {"modules": {"layers": {"list": "ModuleList", "of": {"class": "L", "params": {"w": 4}},
                                   "length": "n", "at": {"0": "L.dense"}}},
            "forward": ["layers"]},
      "L": {"params": {"w": null}, "modules": {"attn": "X", "mlp": "X", "norm": "X"},
            "forward": ["norm", "attn", "mlp"], "ops": 2},
      "L.dense": {"variant_of": "L", "modules": {"mlp": "Y", "extra": "X"}},
      "X": {"ops": 1}, "Y": {"ops": 3}}})");
  ASSERT_TRUE(P.D) << P.messages();
  const ModelDescription &D = *P.D;
  EXPECT_EQ(D.Name, "m");
  ASSERT_EQ(D.Params.size(), 2u);
  EXPECT_EQ(D.Params[1].Name, "m");
  const ClassDecl *Dense = find(D, "L.dense");
  ASSERT_TRUE(Dense);
  EXPECT_EQ(Dense->TorchName, "L");
  EXPECT_EQ(Dense->VariantOf, find(D, "L"));
  ASSERT_EQ(Dense->Modules.size(), 4u);
  EXPECT_EQ(Dense->Modules[0].Name, "attn");
  EXPECT_EQ(Dense->Modules[1].Name, "mlp");
  EXPECT_EQ(Dense->Modules[1].Inst.Class, find(D, "Y"));
  EXPECT_EQ(Dense->Modules[2].Name, "norm");
  EXPECT_EQ(Dense->Modules[3].Name, "extra");
  // The forward is inherited and refers to the variant's modules.
  ASSERT_EQ(Dense->Forward.size(), 3u);
  EXPECT_EQ(Dense->Forward[2].Module, 1u);
  EXPECT_TRUE(Dense->HasOps);
  // `at` with a class name takes the arguments of `of`.
  const ModuleSpec &Layers = find(D, "M")->Modules[0];
  ASSERT_EQ(Layers.At.size(), 1u);
  EXPECT_EQ(Layers.At[0].second.Class, Dense);
  ASSERT_EQ(Layers.At[0].second.Args.size(), 1u);
  EXPECT_EQ(Layers.At[0].second.Args[0].Name, "w");
  EXPECT_EQ(Layers.At[0].first.Text, "0");
}

TEST(ModelDescriptionTest, SequentialIsCallableModuleListIsNot) {
  Parsed P(R"({"name": "m", "model": "M", "classes": {
      "M": {"modules": {"a": {"list": "Sequential", "of": "X", "length": 2},
                        "b": {"list": "ModuleList", "of": "X", "length": 2},
                        "c": {"list": "Sequential", "of": "X", "length": 2, "callable": false}},
            "forward": ["a", "b", "c"]},
      "X": {"ops": 1}}})");
  ASSERT_TRUE(P.D) << P.messages();
  const ClassDecl *M = find(*P.D, "M");
  EXPECT_TRUE(M->Modules[0].Callable);
  EXPECT_FALSE(M->Modules[1].Callable);
  EXPECT_FALSE(M->Modules[2].Callable);
  EXPECT_EQ(M->Forward[0].K, Step::Kind::Call);
  EXPECT_EQ(M->Forward[1].K, Step::Kind::Each);
  EXPECT_EQ(M->Forward[2].K, Step::Kind::Each);
}

TEST(ModelDescriptionTest, RouteModes) {
  Parsed P(R"({"name": "m", "model": "M", "classes": {
      "M": {"modules": {"e": {"list": "ModuleList", "of": "X", "length": 8}},
            "forward": [{"route": "e", "top_k": 2, "tokens": 3},
                        {"route": "e", "uncalled": [5, 1, 5]},
                        {"route": "e", "uncalled": "1 + 1"},
                        {"route": "e"}]},
      "X": {"ops": 1}}})");
  ASSERT_TRUE(P.D) << P.messages();
  const std::vector<Step> &F = find(*P.D, "M")->Forward;
  EXPECT_EQ(F[0].Mode, Step::RouteMode::Simulate);
  EXPECT_EQ(F[1].Mode, Step::RouteMode::UncalledList);
  EXPECT_EQ(F[1].UncalledList, (std::vector<uint64_t>{1, 5}));
  EXPECT_EQ(F[2].Mode, Step::RouteMode::UncalledCount);
  EXPECT_EQ(F[3].Mode, Step::RouteMode::All);
  EXPECT_NE(F[0].RouteId, F[1].RouteId);
}

TEST(ModelDescriptionTest, ErrorsAreLocated) {
  struct Case {
    const char *Text;
    const char *Message;
  } Cases[] = {
      {R"({"name": "m", "model": "Nope", "classes": {}})",
       "d.json:1:24: error: unknown class 'Nope'"},
      {R"({"name": "m", "model": "M", "classes": {"M": {"forward": ["x"]}}})",
       "d.json:1:59: error: 'x' is not a module of class 'M' (it has none)"},
      {R"({"name": "m", "model": "M", "classes": {"M": {"variant_of": "M"}}})",
       "d.json:1:41: error: class 'M' is a variant of itself"},
      {R"({"name": "m", "model": "M", "classes": {"M": {"ops": "1 +"}}})",
       "d.json:1:58: error: 'ops': unexpected end of expression"},
      {R"({"name": "m", "model": "M", "classes": {"M": {"modules": {"a.b": "M"}}}})",
       "d.json:1:59: error: module name 'a.b' of class 'M' must be a Python "
       "attribute name"},
      {R"({"name": "m", "model": "M", "classes": {"M": {"params": {"x": null}}}})",
       "d.json:1:24: error: the model class 'M' cannot have required "
       "parameters"},
      {R"({"name": "m", "model": "M", "size_param": "k", "classes": {"M": {}}})",
       "d.json:1:43: error: 'size_param' names 'k', which is not a "
       "parameter"},
      {R"({"name": "m", "model": "M", "classes": {"M": {"input": [["*"]]}}})",
       "d.json:1:58: error: '*' must be '*' followed by the name of a shape"},
  };
  for (const Case &C : Cases) {
    Parsed P(C.Text);
    EXPECT_FALSE(P.D) << C.Text;
    EXPECT_NE(P.messages().find(C.Message), std::string::npos)
        << "expected: " << C.Message << "\ngot: " << P.messages();
  }
}

TEST(ModelDescriptionTest, BuiltinsParse) {
  std::vector<std::string> Names = builtinModelNames();
  ASSERT_GE(Names.size(), 2u);
  EXPECT_EQ(Names[0], "deepseek-ocr");
  for (const std::string &N : Names) {
    test::CapturedDiagnostics C;
    std::unique_ptr<ModelDescription> D = loadModelDescription(N, C.Diags);
    ASSERT_TRUE(D) << N << ": " << C.messages();
    EXPECT_EQ(D->Name, N);
    EXPECT_FALSE(D->SizeParam.empty()) << N;
  }
}

} // namespace
