//===- PerCall.h - Calls of a module per call of its caller ----*- C++ -*-===//
//
// calls(child) / calls(caller) as an exact reduced fraction. A merged node
// whose instances disagree holds `mixed`; a node without a single caller
// (the root, a module shared by several callers) holds `unknown`.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_PERCALL_H
#define DSOCR_IR_PERCALL_H

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace dsocr {

class PerCall {
public:
  enum class State : uint8_t { Unknown, Exact, Mixed };

  PerCall() = default;
  /// Calls / CallerCalls, reduced. CallerCalls == 0 gives Unknown.
  static PerCall ratio(uint64_t Calls, uint64_t CallerCalls);
  static PerCall mixed() {
    PerCall P;
    P.S = State::Mixed;
    return P;
  }

  State state() const { return S; }
  bool isKnown() const { return S != State::Unknown; }
  bool isExact() const { return S == State::Exact; }
  bool isMixed() const { return S == State::Mixed; }
  /// True for an exact whole number (including 0).
  bool isInteger() const { return S == State::Exact && Den == 1; }
  uint64_t numerator() const { return Num; }
  uint64_t denominator() const { return Den; }

  /// The value two merged instances share: equal values stay, unknown yields
  /// to the other, anything else becomes mixed.
  PerCall merge(const PerCall &Other) const;

  /// `2`, `3/2`, `mixed`; Unknown prints as the empty string.
  std::string str() const;
  void print(llvm::raw_ostream &OS) const;
  static llvm::Optional<PerCall> parse(llvm::StringRef Text);

  bool operator==(const PerCall &O) const {
    return S == O.S && Num == O.Num && Den == O.Den;
  }
  bool operator!=(const PerCall &O) const { return !(*this == O); }
  bool operator<(const PerCall &O) const;

private:
  uint64_t Num = 0;
  uint64_t Den = 1;
  State S = State::Unknown;
};

} // namespace dsocr

#endif // DSOCR_IR_PERCALL_H
