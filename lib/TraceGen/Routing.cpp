//===- Routing.cpp - Which members a router calls -------------------------===//
//
// Deterministic choices of called members for the four routing modes.
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/Routing.h"

#include <algorithm>

using namespace dsocr;

uint64_t SplitMix64::next() {
  uint64_t Z = (State += 0x9e3779b97f4a7c15ULL);
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
  return Z ^ (Z >> 31);
}

uint64_t SplitMix64::below(uint64_t N) {
  return uint64_t((static_cast<unsigned __int128>(next()) * N) >> 64);
}

uint64_t dsocr::stableHash(llvm::StringRef S) {
  uint64_t H = 0xcbf29ce484222325ULL;
  for (unsigned char C : S) {
    H ^= C;
    H *= 0x100000001b3ULL;
  }
  SplitMix64 M(H);
  return M.next();
}

uint64_t dsocr::mixSeed(uint64_t A, uint64_t B, uint64_t C, uint64_t D) {
  SplitMix64 M(A);
  uint64_t H = M.next();
  for (uint64_t V : {B, C, D}) {
    SplitMix64 N(H ^ V);
    H = N.next();
  }
  return H;
}

std::vector<uint64_t> dsocr::chooseDistinct(SplitMix64 &RNG, uint64_t N,
                                            uint64_t K) {
  K = std::min(K, N);
  std::vector<uint64_t> Chosen;
  Chosen.reserve(K);
  for (uint64_t J = N - K; J < N; ++J) {
    uint64_t T = RNG.below(J + 1);
    if (std::find(Chosen.begin(), Chosen.end(), T) != Chosen.end())
      Chosen.push_back(J);
    else
      Chosen.push_back(T);
  }
  std::sort(Chosen.begin(), Chosen.end());
  return Chosen;
}

void dsocr::route(const RouteRequest &Req, std::vector<RoutedMember> &Out) {
  Out.clear();
  // The members routing may choose, in index order.
  std::vector<uint64_t> Avail;
  Avail.reserve(Req.Members);
  {
    size_t X = 0;
    for (uint64_t I = 0; I < Req.Members; ++I) {
      while (X < Req.Excluded.size() && Req.Excluded[X] < I)
        ++X;
      if (X < Req.Excluded.size() && Req.Excluded[X] == I)
        continue;
      Avail.push_back(I);
    }
  }
  SplitMix64 RNG(Req.Seed);
  uint64_t N = Avail.size();

  if (Req.M == RouteRequest::Mode::Simulate) {
    uint64_t K = std::min(Req.TopK, N);
    std::vector<uint64_t> Counts(N, 0);
    // Floyd's algorithm per token, with a stamp array instead of a search.
    std::vector<uint64_t> Stamp(N, 0);
    for (uint64_t T = 1; T <= Req.Tokens && K > 0; ++T) {
      for (uint64_t J = N - K; J < N; ++J) {
        uint64_t Pick = RNG.below(J + 1);
        if (Stamp[Pick] == T)
          Pick = J;
        Stamp[Pick] = T;
        ++Counts[Pick];
      }
    }
    for (uint64_t I = 0; I < N; ++I)
      if (Counts[I])
        Out.push_back({Avail[I], Counts[I]});
    return;
  }

  std::vector<char> Called(N, 1);
  if (Req.M == RouteRequest::Mode::UncalledCount) {
    for (uint64_t I : chooseDistinct(RNG, N, Req.UncalledCount))
      Called[I] = 0;
  } else if (Req.M == RouteRequest::Mode::UncalledList) {
    for (uint64_t I = 0; I < N; ++I)
      if (std::binary_search(Req.UncalledList.begin(), Req.UncalledList.end(),
                             Avail[I]))
        Called[I] = 0;
  }
  uint64_t NumCalled = 0;
  for (char C : Called)
    NumCalled += C;
  if (NumCalled == 0)
    return;
  // Tokens per called member: top_k * tokens spread evenly when both are
  // known, else the tokens, else one.
  uint64_t Total = 0, Each = 1, Extra = 0;
  if (Req.HasTopK) {
    Total = Req.TopK * Req.Tokens;
    Each = Total / NumCalled;
    Extra = Total % NumCalled;
  } else if (Req.HasTokens) {
    Each = Req.Tokens;
  }
  uint64_t Seen = 0;
  for (uint64_t I = 0; I < N; ++I) {
    if (!Called[I])
      continue;
    uint64_t T = Each + (Seen < Extra ? 1 : 0);
    Out.push_back({Avail[I], std::max<uint64_t>(T, 1)});
    ++Seen;
  }
}
