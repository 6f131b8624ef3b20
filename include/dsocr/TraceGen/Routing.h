//===- Routing.h - Which members a router calls -----------------*- C++ -*-===//
//
// A router (a mixture-of-experts layer) calls some members of a list per
// call. Which ones is a pure function of the seed, the list's address, the
// route step and how many times the step ran before, so every walk over a
// generated model sees the same choice and output is byte-identical across
// runs and platforms (the generator is our own SplitMix64, not <random>).
//
// Modes: call every member; leave exactly N members uncalled; leave listed
// members uncalled; or simulate `tokens` tokens that each choose `top_k`
// distinct members (a member is called when at least one token chose it).
// Members excluded by the description's `uncalled` map are never chosen.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_ROUTING_H
#define DSOCR_TRACEGEN_ROUTING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace dsocr {

/// SplitMix64: small, fast, and the same everywhere.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t Seed) : State(Seed) {}
  uint64_t next();
  /// A number in [0, N) (N > 0), by multiply-shift.
  uint64_t below(uint64_t N);

private:
  uint64_t State;
};

/// A 64-bit hash of S (FNV-1a, then mixed), stable across platforms.
uint64_t stableHash(llvm::StringRef S);
/// Mixes several 64-bit values into one seed.
uint64_t mixSeed(uint64_t A, uint64_t B, uint64_t C = 0, uint64_t D = 0);

/// Chooses K distinct numbers of [0, N) (Floyd's algorithm); the result is
/// sorted. K is clamped to N.
std::vector<uint64_t> chooseDistinct(SplitMix64 &RNG, uint64_t N, uint64_t K);

struct RouteRequest {
  enum class Mode { All, Simulate, UncalledCount, UncalledList };
  Mode M = Mode::All;
  uint64_t Members = 0;
  uint64_t TopK = 0, Tokens = 1;
  bool HasTopK = false, HasTokens = false;
  uint64_t UncalledCount = 0;
  llvm::ArrayRef<uint64_t> UncalledList; // sorted
  llvm::ArrayRef<uint64_t> Excluded;     // sorted; never chosen
  uint64_t Seed = 0;                     // already keyed to this execution
};

/// A called member and the number of tokens routed to it in this call.
struct RoutedMember {
  uint64_t Index;
  uint64_t Tokens;
};

/// The members one execution of a route step calls, in index order.
void route(const RouteRequest &Req, std::vector<RoutedMember> &Out);

} // namespace dsocr

#endif // DSOCR_TRACEGEN_ROUTING_H
