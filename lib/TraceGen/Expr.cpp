//===- Expr.cpp - Integer expressions of model descriptions ---------------===//
//
// A recursive-descent parser into a small tree, and its evaluator with
// Python's floor division and overflow checks.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/Expr.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

using namespace dsocr;
using llvm::StringRef;
using llvm::Twine;

unsigned SymbolTable::intern(StringRef Name) {
  auto It = Ids.try_emplace(Name, unsigned(Names.size()));
  if (It.second)
    Names.push_back(Name.str());
  return It.first->second;
}

Scope::~Scope() = default;

namespace {
enum class Op : uint8_t {
  Const,
  Name,
  Neg,
  Not,
  Mul,
  Div,
  Mod,
  Add,
  Sub,
  Lt,
  Le,
  Gt,
  Ge,
  Eq,
  Ne,
  And,
  Or,
  Cond,
  Min,
  Max,
  CDiv,
  Abs
};
} // namespace

struct Expr::Node {
  Op K = Op::Const;
  int64_t Value = 0;
  unsigned Sym = 0;
  const char *Loc = nullptr;
  std::vector<std::unique_ptr<Node>> Args;
};

Expr::Expr() = default;
Expr::~Expr() = default;
Expr::Expr(const Expr &) = default;
Expr::Expr(Expr &&) = default;
Expr &Expr::operator=(const Expr &) = default;
Expr &Expr::operator=(Expr &&) = default;

Expr Expr::constant(int64_t C, const char *Loc) {
  Expr E;
  auto N = std::make_shared<Node>();
  N->Value = C;
  N->Loc = Loc;
  E.Root = std::move(N);
  return E;
}

bool Expr::isConstant() const { return Root && Root->K == Op::Const; }
int64_t Expr::constantValue() const { return Root->Value; }
const char *Expr::loc() const { return Root ? Root->Loc : nullptr; }

namespace {
class Parser {
public:
  Parser(StringRef Text, const char *Loc, SymbolTable &Syms, EvalError &Err)
      : Text(Text), Base(Loc), Syms(Syms), Err(Err) {}

  std::unique_ptr<Expr::Node> parseAll() {
    auto N = parseCond();
    if (!N)
      return nullptr;
    skipSpace();
    if (Pos != Text.size())
      return fail("unexpected '" + Text.substr(Pos, 1) + "' in expression");
    return N;
  }

private:
  using NodePtr = std::unique_ptr<Expr::Node>;

  const char *here() const { return Base ? Base + Pos : nullptr; }
  std::nullptr_t fail(const Twine &Msg) {
    if (Err.Message.empty()) {
      Err.Loc = here();
      Err.Message = Msg.str();
    }
    return nullptr;
  }
  void skipSpace() {
    while (Pos < Text.size() && (Text[Pos] == ' ' || Text[Pos] == '\t'))
      ++Pos;
  }
  bool consume(StringRef Tok) {
    skipSpace();
    if (Text.substr(Pos).startswith(Tok)) {
      Pos += Tok.size();
      return true;
    }
    return false;
  }
  /// Consumes a one-character operator C unless it starts the two-character
  /// operator C followed by Not.
  bool consumeSingle(char C, char Not) {
    skipSpace();
    if (Pos < Text.size() && Text[Pos] == C &&
        !(Pos + 1 < Text.size() && Text[Pos + 1] == Not)) {
      ++Pos;
      return true;
    }
    return false;
  }
  NodePtr make(Op K, const char *Loc, NodePtr A, NodePtr B = nullptr,
               NodePtr C = nullptr) {
    auto N = std::make_unique<Expr::Node>();
    N->K = K;
    N->Loc = Loc;
    N->Args.push_back(std::move(A));
    if (B)
      N->Args.push_back(std::move(B));
    if (C)
      N->Args.push_back(std::move(C));
    return N;
  }

  NodePtr parseCond() {
    auto C = parseOr();
    if (!C)
      return nullptr;
    skipSpace();
    const char *Loc = here();
    if (!consume("?"))
      return C;
    auto A = parseCond();
    if (!A)
      return nullptr;
    if (!consume(":"))
      return fail("expected ':' in a conditional expression");
    auto B = parseCond();
    if (!B)
      return nullptr;
    return make(Op::Cond, Loc, std::move(C), std::move(A), std::move(B));
  }
  NodePtr parseOr() {
    auto L = parseAnd();
    while (L) {
      skipSpace();
      const char *Loc = here();
      if (!consume("||"))
        break;
      auto R = parseAnd();
      if (!R)
        return nullptr;
      L = make(Op::Or, Loc, std::move(L), std::move(R));
    }
    return L;
  }
  NodePtr parseAnd() {
    auto L = parseCmp();
    while (L) {
      skipSpace();
      const char *Loc = here();
      if (!consume("&&"))
        break;
      auto R = parseCmp();
      if (!R)
        return nullptr;
      L = make(Op::And, Loc, std::move(L), std::move(R));
    }
    return L;
  }
  NodePtr parseCmp() {
    auto L = parseAdd();
    while (L) {
      skipSpace();
      const char *Loc = here();
      Op K;
      if (consume("=="))
        K = Op::Eq;
      else if (consume("!="))
        K = Op::Ne;
      else if (consume("<="))
        K = Op::Le;
      else if (consume(">="))
        K = Op::Ge;
      else if (consume("<"))
        K = Op::Lt;
      else if (consume(">"))
        K = Op::Gt;
      else
        break;
      auto R = parseAdd();
      if (!R)
        return nullptr;
      L = make(K, Loc, std::move(L), std::move(R));
    }
    return L;
  }
  NodePtr parseAdd() {
    auto L = parseMul();
    while (L) {
      skipSpace();
      const char *Loc = here();
      Op K;
      if (consume("+"))
        K = Op::Add;
      else if (consume("-"))
        K = Op::Sub;
      else
        break;
      auto R = parseMul();
      if (!R)
        return nullptr;
      L = make(K, Loc, std::move(L), std::move(R));
    }
    return L;
  }
  NodePtr parseMul() {
    auto L = parseUnary();
    while (L) {
      skipSpace();
      const char *Loc = here();
      Op K;
      if (consume("*"))
        K = Op::Mul;
      else if (consume("//"))
        K = Op::Div;
      else if (consume("/"))
        K = Op::Div;
      else if (consume("%"))
        K = Op::Mod;
      else
        break;
      auto R = parseUnary();
      if (!R)
        return nullptr;
      L = make(K, Loc, std::move(L), std::move(R));
    }
    return L;
  }
  NodePtr parseUnary() {
    skipSpace();
    const char *Loc = here();
    if (consume("-")) {
      auto A = parseUnary();
      return A ? make(Op::Neg, Loc, std::move(A)) : nullptr;
    }
    if (consumeSingle('!', '=')) {
      auto A = parseUnary();
      return A ? make(Op::Not, Loc, std::move(A)) : nullptr;
    }
    return parsePrimary();
  }
  NodePtr parsePrimary() {
    skipSpace();
    const char *Loc = here();
    if (Pos == Text.size())
      return fail(Text.trim().empty() ? "empty expression"
                                      : "unexpected end of expression");
    char C = Text[Pos];
    if (C == '(') {
      ++Pos;
      auto N = parseCond();
      if (!N)
        return nullptr;
      if (!consume(")"))
        return fail("expected ')'");
      return N;
    }
    if (llvm::isDigit(C)) {
      size_t Start = Pos;
      while (Pos < Text.size() && llvm::isDigit(Text[Pos]))
        ++Pos;
      uint64_t V;
      if (Text.substr(Start, Pos - Start).getAsInteger(10, V) ||
          V > uint64_t(INT64_MAX)) {
        StringRef Digits = Text.substr(Start, Pos - Start);
        Pos = Start;
        return fail("integer '" + Digits + "' is too large");
      }
      auto N = std::make_unique<Expr::Node>();
      N->Value = int64_t(V);
      N->Loc = Loc;
      return N;
    }
    if (llvm::isAlpha(C) || C == '_') {
      size_t Start = Pos;
      while (Pos < Text.size() &&
             (llvm::isAlnum(Text[Pos]) || Text[Pos] == '_'))
        ++Pos;
      StringRef Name = Text.substr(Start, Pos - Start);
      skipSpace();
      if (Pos < Text.size() && Text[Pos] == '(')
        return parseCall(Name, Loc);
      auto N = std::make_unique<Expr::Node>();
      N->Loc = Loc;
      if (Name == "true" || Name == "false") {
        N->Value = Name == "true";
        return N;
      }
      N->K = Op::Name;
      N->Sym = Syms.intern(Name);
      return N;
    }
    return fail("unexpected '" + Text.substr(Pos, 1) + "' in expression");
  }
  NodePtr parseCall(StringRef Name, const char *Loc) {
    Op K;
    size_t MinArgs = 1, MaxArgs = ~size_t(0);
    if (Name == "min")
      K = Op::Min;
    else if (Name == "max")
      K = Op::Max;
    else if (Name == "cdiv")
      K = Op::CDiv, MinArgs = MaxArgs = 2;
    else if (Name == "abs")
      K = Op::Abs, MaxArgs = 1;
    else {
      Err.Loc = Loc;
      Err.Message =
          ("unknown function '" + Name + "' (expected min, max, cdiv or abs)")
              .str();
      return nullptr;
    }
    ++Pos; // (
    auto N = std::make_unique<Expr::Node>();
    N->K = K;
    N->Loc = Loc;
    if (!consume(")")) {
      while (true) {
        auto A = parseCond();
        if (!A)
          return nullptr;
        N->Args.push_back(std::move(A));
        if (consume(","))
          continue;
        if (consume(")"))
          break;
        return fail("expected ',' or ')' in the arguments of '" + Name + "'");
      }
    }
    if (N->Args.size() < MinArgs || N->Args.size() > MaxArgs) {
      Err.Loc = Loc;
      Err.Message = ("wrong number of arguments to '" + Name + "'").str();
      return nullptr;
    }
    return N;
  }

  StringRef Text;
  const char *Base;
  SymbolTable &Syms;
  EvalError &Err;
  size_t Pos = 0;
};

bool evalNode(const Expr::Node &N, const Scope &S, const SymbolTable &Syms,
              int64_t &Out, EvalError &Err);

bool overflow(const Expr::Node &N, EvalError &Err) {
  Err.Loc = N.Loc;
  Err.Message = "integer overflow";
  return false;
}

bool evalName(const Expr::Node &N, const Scope &S, const SymbolTable &Syms,
              int64_t &Out, EvalError &Err) {
  const Value *V = S.lookup(N.Sym);
  if (!V) {
    Err.Loc = N.Loc;
    Err.Message = ("'" + Syms.name(N.Sym) + "' is not bound here").str();
    return false;
  }
  if (!V->isInt()) {
    Err.Loc = N.Loc;
    Err.Message = ("'" + Syms.name(N.Sym) +
                   "' is a shape; only integers can be used in arithmetic")
                      .str();
    return false;
  }
  Out = V->Int;
  return true;
}

/// `c ? a : b`, `a and b`, `a or b`: operands evaluated only as needed.
bool evalLazy(const Expr::Node &N, const Scope &S, const SymbolTable &Syms,
              int64_t &Out, EvalError &Err) {
  int64_t A;
  if (!evalNode(*N.Args[0], S, Syms, A, Err))
    return false;
  if (N.K == Op::Cond)
    return evalNode(*N.Args[A ? 1 : 2], S, Syms, Out, Err);
  if ((N.K == Op::And) == (A == 0)) {
    Out = N.K == Op::Or;
    return true;
  }
  int64_t B;
  if (!evalNode(*N.Args[1], S, Syms, B, Err))
    return false;
  Out = B != 0;
  return true;
}

bool evalMinMax(const Expr::Node &N, const Scope &S, const SymbolTable &Syms,
                int64_t &Out, EvalError &Err) {
  for (size_t I = 0; I < N.Args.size(); ++I) {
    int64_t V;
    if (!evalNode(*N.Args[I], S, Syms, V, Err))
      return false;
    if (I == 0 || (N.K == Op::Min ? V < Out : V > Out))
      Out = V;
  }
  return true;
}

/// `//`, `%` and cdiv, rounding down as Python does.
bool applyDivision(const Expr::Node &N, int64_t A, int64_t B, int64_t &Out,
                   EvalError &Err) {
  if (B == 0) {
    Err.Loc = N.Loc;
    Err.Message = "division by zero";
    return false;
  }
  if (A == INT64_MIN && B == -1)
    return overflow(N, Err);
  int64_t Q = A / B, R = A % B;
  if (R != 0 && ((R < 0) != (B < 0))) { // floor, as in Python
    --Q;
    R += B;
  }
  if (N.K == Op::Div)
    Out = Q;
  else if (N.K == Op::Mod)
    Out = R;
  else
    Out = Q + (R != 0);
  return true;
}

/// An operator of one or two evaluated operands.
bool applyOp(const Expr::Node &N, int64_t A, int64_t B, int64_t &Out,
             EvalError &Err) {
  switch (N.K) {
  case Op::Neg:
  case Op::Abs:
    if (A == INT64_MIN)
      return overflow(N, Err);
    Out = N.K == Op::Neg || A < 0 ? -A : A;
    return true;
  case Op::Not:
    Out = A == 0;
    return true;
  case Op::Add:
    return !__builtin_add_overflow(A, B, &Out) || overflow(N, Err);
  case Op::Sub:
    return !__builtin_sub_overflow(A, B, &Out) || overflow(N, Err);
  case Op::Mul:
    return !__builtin_mul_overflow(A, B, &Out) || overflow(N, Err);
  case Op::Div:
  case Op::Mod:
  case Op::CDiv:
    return applyDivision(N, A, B, Out, Err);
  case Op::Lt:
    Out = A < B;
    return true;
  case Op::Le:
    Out = A <= B;
    return true;
  case Op::Gt:
    Out = A > B;
    return true;
  case Op::Ge:
    Out = A >= B;
    return true;
  case Op::Eq:
    Out = A == B;
    return true;
  case Op::Ne:
    Out = A != B;
    return true;
  default:
    break;
  }
  Err.Loc = N.Loc;
  Err.Message = "internal error: unknown expression node";
  return false;
}

bool evalNode(const Expr::Node &N, const Scope &S, const SymbolTable &Syms,
              int64_t &Out, EvalError &Err) {
  switch (N.K) {
  case Op::Const:
    Out = N.Value;
    return true;
  case Op::Name:
    return evalName(N, S, Syms, Out, Err);
  case Op::Cond:
  case Op::And:
  case Op::Or:
    return evalLazy(N, S, Syms, Out, Err);
  case Op::Min:
  case Op::Max:
    return evalMinMax(N, S, Syms, Out, Err);
  default:
    break;
  }
  int64_t Vals[2] = {0, 0};
  for (size_t I = 0; I < N.Args.size(); ++I)
    if (!evalNode(*N.Args[I], S, Syms, Vals[I], Err))
      return false;
  return applyOp(N, Vals[0], Vals[1], Out, Err);
}

void collect(const Expr::Node &N, std::vector<unsigned> &Out) {
  if (N.K == Op::Name)
    Out.push_back(N.Sym);
  for (const auto &A : N.Args)
    collect(*A, Out);
}

/// Folds operations on constants, so `2 * 64` is a constant.
void fold(std::unique_ptr<Expr::Node> &N, const SymbolTable &Syms) {
  if (N->K == Op::Const || N->K == Op::Name)
    return;
  bool AllConst = true;
  for (auto &A : N->Args) {
    fold(A, Syms);
    AllConst &= A->K == Op::Const;
  }
  if (!AllConst)
    return;
  struct NoScope : Scope {
    const Value *lookup(unsigned) const override { return nullptr; }
  } Empty;
  int64_t V;
  EvalError Ignored;
  if (!evalNode(*N, Empty, Syms, V, Ignored))
    return; // keep it: the error is reported when evaluated
  const char *Loc = N->Loc;
  N = std::make_unique<Expr::Node>();
  N->Value = V;
  N->Loc = Loc;
}
} // namespace

bool Expr::parse(StringRef Text, const char *Loc, SymbolTable &Syms, Expr &Out,
                 EvalError &Err) {
  Parser P(Text, Loc, Syms, Err);
  std::unique_ptr<Node> N = P.parseAll();
  if (!N)
    return false;
  fold(N, Syms);
  Out.Root = std::move(N);
  return true;
}

bool Expr::eval(const Scope &S, const SymbolTable &Syms, int64_t &Out,
                EvalError &Err) const {
  if (Root->K == Op::Const) {
    Out = Root->Value;
    return true;
  }
  return evalNode(*Root, S, Syms, Out, Err);
}

void Expr::collectNames(std::vector<unsigned> &Out) const {
  if (Root)
    collect(*Root, Out);
}
