//===- Value.h - Values bound to names in model descriptions ----*- C++ -*-===//
//
// A name in a model description is bound either to an integer (a size, an
// index, a count) or to a shape, a list of integers that tensor metadata can
// splice into a larger shape (`["*lead", "hidden"]`).
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_VALUE_H
#define DSOCR_TRACEGEN_VALUE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace dsocr {

struct Value {
  enum class Kind : uint8_t { Int, Shape };

  Kind K = Kind::Int;
  int64_t Int = 0;
  llvm::SmallVector<int64_t, 4> Dims;

  static Value integer(int64_t I) {
    Value V;
    V.Int = I;
    return V;
  }
  static Value shape(llvm::ArrayRef<int64_t> Dims) {
    Value V;
    V.K = Kind::Shape;
    V.Dims.assign(Dims.begin(), Dims.end());
    return V;
  }
  bool isInt() const { return K == Kind::Int; }
  bool isShape() const { return K == Kind::Shape; }
};

} // namespace dsocr

#endif // DSOCR_TRACEGEN_VALUE_H
