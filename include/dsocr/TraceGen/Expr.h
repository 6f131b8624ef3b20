//===- Expr.h - Integer expressions of model descriptions -------*- C++ -*-===//
//
// Model descriptions compute sizes, op counts and tensor shapes from named
// integers: `"ops": "34 + 2 * layer_idx"`, `"length": "layers"`,
// `"img == 1024 ? 5 : 6"`. An Expr is such an expression, parsed once from a
// description string and evaluated many times against a Scope that binds
// names to values. The syntax is a small subset of Python and C:
//
//   integers, names, ( ), unary - and !, * / % (floor division and modulo,
//   as in Python), + -, < <= > >= == !=, &&, ||, c ? a : b,
//   min(a, b, ...), max(a, b, ...), cdiv(a, b) (ceiling division), abs(a)
//
// Comparisons and logical operators yield 0 or 1. Errors (unbound names,
// division by zero, overflow) are reported at the offending token.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_EXPR_H
#define DSOCR_TRACEGEN_EXPR_H

#include "dsocr/TraceGen/Value.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dsocr {

/// Interns the names used in a description; a name is then a small integer.
class SymbolTable {
public:
  unsigned intern(llvm::StringRef Name);
  llvm::StringRef name(unsigned Sym) const { return Names[Sym]; }
  unsigned size() const { return unsigned(Names.size()); }

private:
  llvm::StringMap<unsigned> Ids;
  std::vector<std::string> Names;
};

/// What an expression sees: name -> value. Returns null if Sym is unbound.
class Scope {
public:
  virtual ~Scope();
  virtual const Value *lookup(unsigned Sym) const = 0;
};

/// An evaluation error: where, and what.
struct EvalError {
  const char *Loc = nullptr;
  std::string Message;
};

/// A parsed expression. Copies share the (immutable) tree.
class Expr {
public:
  Expr();
  ~Expr();
  Expr(const Expr &);
  Expr(Expr &&);
  Expr &operator=(const Expr &);
  Expr &operator=(Expr &&);

  /// An expression that is the constant C.
  static Expr constant(int64_t C, const char *Loc = nullptr);

  /// Parses Text. Loc points at Text's first character inside a registered
  /// buffer (or is null), so errors can be located. On failure returns false
  /// and fills Err.
  static bool parse(llvm::StringRef Text, const char *Loc, SymbolTable &Syms,
                    Expr &Out, EvalError &Err);

  /// True if the expression is a constant (no names).
  bool isConstant() const;
  /// The value of a constant expression.
  int64_t constantValue() const;
  const char *loc() const;

  /// Evaluates against S. Names bound to shapes are an error.
  bool eval(const Scope &S, const SymbolTable &Syms, int64_t &Out,
            EvalError &Err) const;

  /// Calls F(Sym) for every name the expression reads.
  template <typename Fn> void forEachName(Fn F) const {
    std::vector<unsigned> Names;
    collectNames(Names);
    for (unsigned N : Names)
      F(N);
  }

  struct Node;

private:
  void collectNames(std::vector<unsigned> &Out) const;
  std::shared_ptr<const Node> Root; // immutable, so copies share it
};

} // namespace dsocr

#endif // DSOCR_TRACEGEN_EXPR_H
