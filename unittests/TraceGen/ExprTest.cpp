//===- ExprTest.cpp - Integer expressions of model descriptions -----------===//
//
// Precedence, Python's floor division, conditionals, functions, and errors
// located at the offending token.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/Expr.h"

#include "gtest/gtest.h"

#include <map>

using namespace dsocr;

namespace {

struct MapScope : Scope {
  std::map<unsigned, Value> Vars;
  const Value *lookup(unsigned Sym) const override {
    auto It = Vars.find(Sym);
    return It == Vars.end() ? nullptr : &It->second;
  }
};

class ExprTest : public ::testing::Test {
protected:
  void bind(const char *Name, int64_t V) {
    S.Vars[Syms.intern(Name)] = Value::integer(V);
  }
  /// Evaluates Text; on an error returns INT64_MIN and keeps the error.
  int64_t eval(const std::string &Text) {
    Err = EvalError();
    Expr E;
    if (!Expr::parse(Text, Text.data(), Syms, E, Err))
      return INT64_MIN;
    int64_t Out;
    if (!E.eval(S, Syms, Out, Err))
      return INT64_MIN;
    return Out;
  }

  SymbolTable Syms;
  MapScope S;
  EvalError Err;
};

TEST_F(ExprTest, Arithmetic) {
  EXPECT_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_EQ(eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(eval("10 - 4 - 3"), 3);
  EXPECT_EQ(eval("-2 * -3"), 6);
  EXPECT_EQ(eval("2 * (3 + 4) % 5"), 4);
}

TEST_F(ExprTest, FloorDivisionAsInPython) {
  EXPECT_EQ(eval("7 / 2"), 3);
  EXPECT_EQ(eval("7 // 2"), 3);
  EXPECT_EQ(eval("-7 / 2"), -4);
  EXPECT_EQ(eval("-7 % 2"), 1);
  EXPECT_EQ(eval("7 % -2"), -1);
  EXPECT_EQ(eval("cdiv(64, 14)"), 5);
  EXPECT_EQ(eval("cdiv(70, 14)"), 5);
}

TEST_F(ExprTest, ComparisonsLogicAndConditionals) {
  bind("img", 1024);
  bind("crop", 1);
  bind("crops", 2);
  EXPECT_EQ(eval("img == 1024 ? 5 : 6"), 5);
  EXPECT_EQ(eval("img != 1024"), 0);
  EXPECT_EQ(eval("crop == crops - 1 && img >= 640"), 1);
  EXPECT_EQ(eval("crop < 0 || !crop"), 0);
  EXPECT_EQ(eval("crop ? crop ? 1 : 2 : 3"), 1);
  EXPECT_EQ(eval("true + false"), 1);
}

TEST_F(ExprTest, Functions) {
  EXPECT_EQ(eval("min(4, 2, 9)"), 2);
  EXPECT_EQ(eval("max(4, 2, 9)"), 9);
  EXPECT_EQ(eval("abs(-5)"), 5);
}

TEST_F(ExprTest, Names) {
  bind("layer_idx", 11);
  EXPECT_EQ(eval("34 + 2 * layer_idx"), 56);
  EXPECT_EQ(eval("layer_idx"), 11);
}

TEST_F(ExprTest, ConstantsFold) {
  Expr E;
  std::string T = "2 * 64 + (3 > 2)";
  ASSERT_TRUE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_TRUE(E.isConstant());
  EXPECT_EQ(E.constantValue(), 129);
  T = "2 * n";
  ASSERT_TRUE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_FALSE(E.isConstant());
  std::vector<unsigned> Names;
  E.forEachName([&](unsigned S) { Names.push_back(S); });
  ASSERT_EQ(Names.size(), 1u);
  EXPECT_EQ(Syms.name(Names[0]), "n");
}

TEST_F(ExprTest, SyntaxErrorsAreLocated) {
  std::string T = "2 * (layers + 1";
  Expr E;
  EXPECT_FALSE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_EQ(Err.Message, "expected ')'");
  EXPECT_EQ(Err.Loc, T.data() + T.size());

  T = "3 $ 4";
  Err = EvalError();
  EXPECT_FALSE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_EQ(Err.Message, "unexpected '$' in expression");
  EXPECT_EQ(Err.Loc, T.data() + 2);

  T = "floor(2)";
  Err = EvalError();
  EXPECT_FALSE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_EQ(Err.Loc, T.data());
  EXPECT_NE(Err.Message.find("unknown function 'floor'"), std::string::npos);

  T = "";
  Err = EvalError();
  EXPECT_FALSE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_EQ(Err.Message, "empty expression");

  T = "cdiv(1)";
  Err = EvalError();
  EXPECT_FALSE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_EQ(Err.Message, "wrong number of arguments to 'cdiv'");

  T = "99999999999999999999";
  Err = EvalError();
  EXPECT_FALSE(Expr::parse(T, T.data(), Syms, E, Err));
  EXPECT_EQ(Err.Message, "integer '99999999999999999999' is too large");
}

TEST_F(ExprTest, EvaluationErrors) {
  std::string T = "hidden / heads";
  EXPECT_EQ(eval(T), INT64_MIN);
  EXPECT_EQ(Err.Message, "'hidden' is not bound here");

  bind("hidden", 1280);
  bind("heads", 0);
  EXPECT_EQ(eval("hidden / heads"), INT64_MIN);
  EXPECT_EQ(Err.Message, "division by zero");
  EXPECT_EQ(eval("hidden % heads"), INT64_MIN);

  EXPECT_EQ(eval("9223372036854775807 + 1"), INT64_MIN);
  EXPECT_EQ(Err.Message, "integer overflow");

  S.Vars[Syms.intern("lead")] = Value::shape({1, 496});
  EXPECT_EQ(eval("lead + 1"), INT64_MIN);
  EXPECT_EQ(Err.Message,
            "'lead' is a shape; only integers can be used in arithmetic");
}

TEST_F(ExprTest, ShortCircuitSkipsErrors) {
  bind("n", 0);
  EXPECT_EQ(eval("n != 0 && 10 / n > 1"), 0);
  EXPECT_EQ(eval("n == 0 || 10 / n > 1"), 1);
  EXPECT_EQ(eval("n ? 10 / n : 7"), 7);
}

TEST_F(ExprTest, CopiesShareTheTree) {
  std::string T = "a + 1";
  Expr E;
  ASSERT_TRUE(Expr::parse(T, T.data(), Syms, E, Err));
  Expr Copy = E;
  bind("a", 41);
  int64_t A, B;
  ASSERT_TRUE(E.eval(S, Syms, A, Err));
  ASSERT_TRUE(Copy.eval(S, Syms, B, Err));
  EXPECT_EQ(A, 42);
  EXPECT_EQ(B, 42);
  EXPECT_EQ(E.loc(), Copy.loc());
}

} // namespace
