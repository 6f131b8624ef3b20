//===- TraceGeneratorTest.cpp - Traces generated from descriptions --------===//
//
// Call counts multiply through repetitions, edge weights are inclusive op
// counts, containers and uncalled modules follow TorchLens's quirks, and on
// 100 random descriptions the generated trace keeps every invariant, reads
// back with the project's trace reader and passes the whole pipeline with
// -verify-each.
//
//===----------------------------------------------------------------------===//

#include "../TestUtil.h"

#include "dsocr/TraceGen/BuiltinModels.h"
#include "dsocr/TraceGen/ModelDescription.h"
#include "dsocr/TraceGen/TraceGenerator.h"

#include "boost/json.hpp"

#include "gtest/gtest.h"

#include <map>
#include <random>
#include <set>

using namespace dsocr;
namespace json = boost::json;

namespace {

/// Generates the trace of a description given as text.
struct Generated : test::CapturedDiagnostics {
  std::unique_ptr<ModelDescription> D;
  std::string Text;
  bool OK = false;

  Generated(llvm::StringRef Description, GenOptions O = GenOptions()) {
    D = parseModelDescription(*buffer(Description, "d.json"), Diags);
    if (!D)
      return;
    llvm::raw_string_ostream OS(Text);
    OK = generateTrace(*D, O, OS, Diags);
    OS.flush();
  }
};

int64_t num(const json::value &V) { return V.as_int64(); }

/// Checks the invariants of SPEC.md section 2; returns "" or a violation.
std::string checkInvariants(const json::object &T) {
  static const char *Order[] = {"call_counts", "edges", "op_call_counts",
                                "module_children", "module_classes"};
  size_t I = 0;
  for (const auto &KV : T) {
    if (I < 5 && KV.key() != Order[I])
      return "key " + std::string(KV.key()) + " out of order";
    ++I;
  }
  const json::object &Calls = T.at("call_counts").as_object();
  const json::object &Edges = T.at("edges").as_object();
  const json::object &Ops = T.at("op_call_counts").as_object();
  const json::object &Kids = T.at("module_children").as_object();
  const json::object &Classes = T.at("module_classes").as_object();
  for (const auto &KV : Calls)
    if (!Classes.contains(KV.key()))
      return "called module without class " + std::string(KV.key());
  for (const auto &KV : Ops)
    if (!Calls.contains(KV.key()) || num(KV.value()) <= 0)
      return "bad op count for " + std::string(KV.key());
  auto Caller = [&](std::string A) -> std::string {
    while (true) {
      size_t Dot = A.rfind('.');
      if (Dot == std::string::npos)
        return "";
      A.resize(Dot);
      if (Calls.contains(A))
        return A;
    }
  };
  std::map<std::string, std::vector<std::string>> Out;
  for (const auto &KV : Edges) {
    std::string K = KV.key();
    size_t Arrow = K.find("->");
    std::string P = K.substr(0, Arrow), C = K.substr(Arrow + 2);
    if (!Calls.contains(P) || !Calls.contains(C))
      return "edge to an uncalled module: " + K;
    if (Caller(C) != P)
      return "edge " + K + " is not from the nearest called ancestor";
    Out[P].push_back(C);
  }
  for (const auto &KV : Calls) {
    std::string A = KV.key(), P = Caller(A);
    if (!P.empty() && !Edges.contains(P + "->" + A))
      return "no edge into " + A;
    if (P.empty())
      for (const auto &E : Edges)
        if (std::string(E.key()).size() > A.size() &&
            std::string(E.key()).substr(E.key().size() - A.size() - 2) ==
                "->" + A)
          return "edge into top-level " + A;
  }
  for (const auto &KV : Kids) {
    std::vector<std::string> L;
    for (const json::value &V : KV.value().as_array())
      L.push_back(std::string(V.as_string()));
    if (L != Out[std::string(KV.key())])
      return "module_children of " + std::string(KV.key()) +
             " differ from its edges";
  }
  for (const auto &KV : Out)
    if (!Kids.contains(KV.first))
      return "no module_children entry for " + KV.first;
  std::function<int64_t(const std::string &)> Inclusive =
      [&](const std::string &A) {
        int64_t S = Ops.contains(A) ? num(Ops.at(A)) : 0;
        for (const std::string &C : Out[A])
          S += num(Edges.at(A + "->" + C));
        return S;
      };
  for (const auto &KV : Edges) {
    std::string K = KV.key();
    std::string C = K.substr(K.find("->") + 2);
    if (num(KV.value()) != Inclusive(C))
      return "edge " + K + " is not C's inclusive op count";
  }
  return "";
}

TEST(TraceGeneratorTest, CallsMultiplyAndEdgesAreInclusiveOps) {
  Generated G(R"({"name": "m", "model": "M", "classes": {
      "M": {"modules": {"a": "A"},
            "forward": [{"repeat": 2, "do": [{"call": "a", "times": 3}]}]},
      "A": {"modules": {"b": "B", "dead": "B"}, "ops": 1,
            "forward": [{"call": "b", "times": 2}, {"ops": "2"}]},
      "B": {"ops": 5}}})");
  ASSERT_TRUE(G.OK) << G.messages();
  json::object T = json::parse(G.Text).as_object();
  EXPECT_EQ(checkInvariants(T), "");
  const json::object &Calls = T["call_counts"].as_object();
  EXPECT_EQ(num(Calls.at("a")), 6);
  EXPECT_EQ(num(Calls.at("a.b")), 12);
  EXPECT_FALSE(Calls.contains("a.dead"));
  // 12 calls of b with 5 ops each: 60 ops inside b while nested in a.
  EXPECT_EQ(num(T["edges"].as_object().at("a->a.b")), 60);
  EXPECT_EQ(num(T["op_call_counts"].as_object().at("a")), 18);
  EXPECT_TRUE(T["module_classes"].as_object().contains("a.dead"));
  EXPECT_FALSE(T["module_children"].as_object().contains("a.dead"));
}

TEST(TraceGeneratorTest, ContainersAreSkipped) {
  Generated G(R"({"name": "m", "model": "M", "classes": {
      "M": {"modules": {"top": {"list": "ModuleList", "of": "A", "length": 2},
                        "seq": {"list": "Sequential", "of": "B", "length": 2}},
            "forward": ["top", "seq"]},
      "A": {"modules": {"inner": {"list": "ModuleList", "of": "B", "length": 3}},
            "forward": [{"each": "inner"}]},
      "B": {"ops": 1}}})");
  ASSERT_TRUE(G.OK) << G.messages();
  json::object T = json::parse(G.Text).as_object();
  EXPECT_EQ(checkInvariants(T), "");
  const json::object &Calls = T["call_counts"].as_object();
  const json::object &Kids = T["module_children"].as_object();
  const json::object &Classes = T["module_classes"].as_object();
  // Iterated ModuleLists: a class, no call count, no children entry.
  EXPECT_EQ(Classes.at("top").as_string(), "ModuleList");
  EXPECT_FALSE(Calls.contains("top"));
  EXPECT_FALSE(Calls.contains("top.0.inner"));
  EXPECT_FALSE(Kids.contains("top"));
  EXPECT_EQ(Kids.at("top.0").as_array().size(), 3u);
  EXPECT_EQ(Kids.at("top.0").as_array()[0].as_string(), "top.0.inner.0");
  // A called Sequential is a module like any other.
  EXPECT_EQ(num(Calls.at("seq")), 1);
  EXPECT_EQ(Kids.at("seq").as_array().size(), 2u);
  EXPECT_EQ(num(T["edges"].as_object().at("seq->seq.1")), 1);
}

TEST(TraceGeneratorTest, MeasureMatchesAndOutputIsDeterministic) {
  test::CapturedDiagnostics C;
  Diagnostics &Diags = C.Diags;
  std::unique_ptr<ModelDescription> D =
      loadModelDescription("deepseek-ocr", Diags);
  ASSERT_TRUE(D);
  GenOptions O;
  O.Metadata = true;
  O.ParamOverrides = {{"layers", 4}, {"decode_steps", 2}};
  std::string A, B;
  llvm::raw_string_ostream SA(A), SB(B);
  ASSERT_TRUE(generateTrace(*D, O, SA, Diags));
  ASSERT_TRUE(generateTrace(*D, O, SB, Diags));
  SA.flush();
  SB.flush();
  EXPECT_EQ(A, B);
  uint64_t Bytes = 0;
  ASSERT_TRUE(measureTrace(*D, O, Diags, Bytes));
  EXPECT_EQ(Bytes, A.size());
  json::object T = json::parse(A).as_object();
  EXPECT_EQ(checkInvariants(T), "");
  EXPECT_EQ(num(T["call_counts"].as_object().at("layers.3")), 3);
  EXPECT_EQ(T["input_metadata"].as_object().at("layers.3").as_array().size(),
            3u);
}

/// A random description: classes that use only later classes (so the module
/// tree is finite), plain modules, ModuleLists iterated or routed,
/// Sequentials, repetitions, ops steps and dead modules.
std::string randomDescription(unsigned Seed) {
  std::mt19937 R(Seed);
  auto Pick = [&](unsigned N) { return unsigned(R() % N); };
  unsigned NumClasses = 2 + Pick(4);
  auto ClassName = [&](unsigned I) {
    if (I >= NumClasses)
      return std::string("Leaf") + std::to_string(I - NumClasses);
    return std::string("C") + std::to_string(I);
  };
  std::string S = R"({"name": "random", "model": "C0", "params": {"n": )" +
                  std::to_string(1 + Pick(4)) + R"(}, "classes": {)";
  for (unsigned K = 0; K < NumClasses; ++K) {
    std::string Modules, Forward;
    unsigned NumModules = 1 + Pick(3);
    std::vector<std::string> Steps;
    for (unsigned M = 0; M < NumModules; ++M) {
      std::string Name = "m" + std::to_string(M);
      std::string Cls = ClassName(K + 1 + Pick(NumClasses - K + 2));
      std::string Alt = ClassName(K + 1 + Pick(NumClasses - K + 2));
      unsigned Kind = Pick(4);
      std::string Len = Pick(2) ? "n" : std::to_string(1 + Pick(4));
      if (Kind == 0) {
        Modules += "\"" + Name + "\": \"" + Cls + "\", ";
        if (Pick(8))
          Steps.push_back(R"({"call": ")" + Name + R"(", "times": )" +
                          std::to_string(1 + Pick(2)) + "}");
      } else if (Kind == 1 || Kind == 2) {
        Modules += "\"" + Name + R"(": {"list": "ModuleList", "of": ")" + Cls +
                   R"(", "length": ")" + Len + R"(", "at": {"0": ")" + Alt +
                   "\"}}, ";
        if (Kind == 1)
          Steps.push_back("\"" + Name + "\"");
        else if (Pick(2))
          Steps.push_back(R"({"route": ")" + Name + R"(", "uncalled": )" +
                          std::to_string(Pick(3)) + "}");
        else
          Steps.push_back(R"({"route": ")" + Name + R"(", "top_k": )" +
                          std::to_string(1 + Pick(2)) + R"(, "tokens": )" +
                          std::to_string(1 + Pick(3)) + "}");
      } else {
        Modules += "\"" + Name + R"(": {"list": "Sequential", "of": ")" + Cls +
                   R"(", "length": )" + std::to_string(1 + Pick(3)) + "}, ";
        Steps.push_back("\"" + Name + "\"");
      }
      if (Pick(2))
        Steps.push_back(R"({"ops": )" + std::to_string(Pick(4)) + "}");
    }
    std::shuffle(Steps.begin(), Steps.end(), R);
    for (size_t I = 0; I < Steps.size(); ++I)
      Forward += (I ? ", " : "") + Steps[I];
    if (Pick(3) == 0)
      Forward = R"({"repeat": 2, "do": [)" + Forward + "]}";
    Modules.resize(Modules.size() - 2);
    S += "\"" + ClassName(K) + R"(": {"modules": {)" + Modules +
         R"(}, "forward": [)" + Forward + "]}, ";
  }
  S += R"("Leaf0": {"ops": 1}, "Leaf1": {"ops": 0}, "Leaf2": {"ops": 2}}})";
  return S;
}

TEST(TraceGeneratorTest, RandomDescriptionsKeepEveryInvariant) {
  unsigned Checked = 0;
  for (unsigned Seed = 0; Seed < 100; ++Seed) {
    std::string Description = randomDescription(Seed);
    GenOptions O;
    O.Seed = Seed;
    Generated G(Description, O);
    ASSERT_TRUE(G.OK) << "seed " << Seed << ": " << G.messages() << "\n"
                      << Description;
    json::object T = json::parse(G.Text).as_object();
    ASSERT_EQ(checkInvariants(T), "") << "seed " << Seed << "\n"
                                      << Description << "\n"
                                      << G.Text;
    if (T["call_counts"].as_object().empty())
      continue;
    // The project's reader accepts it and the pipeline keeps its invariants.
    test::Fixture F;
    ASSERT_TRUE(F.readTraceText(G.Text)) << F.messages();
    ASSERT_TRUE(F.runPipeline("parse-edges,discover-families,fold-for,"
                              "fold-parfor,annotate-stage,prune"))
        << "seed " << Seed << ": " << F.messages() << "\n"
        << Description;
    ++Checked;
  }
  EXPECT_GT(Checked, 80u);
}

TEST(TraceGeneratorTest, StopsSoonAfterAWriteFails) {
  test::CapturedDiagnostics C;
  Diagnostics &Diags = C.Diags;
  std::unique_ptr<ModelDescription> D =
      loadModelDescription("deepseek-ocr", Diags);
  ASSERT_TRUE(D) << C.messages();
  GenOptions O;
  O.ParamOverrides.push_back({"layers", 200});
  uint64_t Bytes = 0;
  ASSERT_TRUE(measureTrace(*D, O, Diags, Bytes));
  ASSERT_GT(Bytes, uint64_t(12) << 20);
  // Into /dev/full: every write fails; the generation ends after the first
  // (a buffer of 1 MiB) instead of producing the whole trace for nothing.
  std::error_code EC;
  llvm::raw_fd_ostream OS("/dev/full", EC);
  ASSERT_FALSE(EC);
  OS.SetBufferSize(1 << 20);
  EXPECT_FALSE(generateTrace(*D, O, OS, Diags));
  EXPECT_TRUE(OS.has_error());
  EXPECT_LT(OS.tell(), uint64_t(4) << 20); // bytes it tried to write
  EXPECT_EQ(C.messages(), "");             // the caller reports the error
  OS.flush();
  OS.clear_error();
}

} // namespace
