//===- LargeMemory.h - Big allocations backed by huge pages -----*- C++ -*-===//
//
// A trace of millions of modules makes a few big structures (the node
// arena, the address strings, the address index) that are read at random.
// With 4 KiB pages every such read also misses the TLB; these allocations
// come straight from mmap, 2 MiB aligned, with transparent huge pages asked
// for (where the system offers them; elsewhere they are ordinary pages),
// and the next chunk of an arena is faulted in ahead on another core.
//
// Built with -DDSOCR_HUGE_PAGE_ARENAS=OFF, the arenas are instead
// llvm::BumpPtrAllocator (SpecificBumpPtrAllocator for objects) and big
// arrays come from calloc, with nothing faulted in ahead: the plain LLVM
// way, kept for the A/B benchmark of docs/Performance.md.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_LARGEMEMORY_H
#define DSOCR_SUPPORT_LARGEMEMORY_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#ifndef DSOCR_HUGE_PAGE_ARENAS
#define DSOCR_HUGE_PAGE_ARENAS 1
#endif

namespace dsocr {

/// Zeroed memory of at least Bytes bytes; never null (aborts when out of
/// memory, as operator new would).
void *allocateLarge(size_t Bytes);
void freeLarge(void *P, size_t Bytes);

/// Asks a background thread to fault in the pages of an allocation from
/// allocateLarge before they are first written: the kernel's zeroing of
/// fresh pages, a good part of building a big graph, then happens on
/// another core. Does nothing where the system cannot populate pages.
/// freeLarge waits for (or cancels) the work on its allocation.
void prefaultLargeAsync(void *P, size_t Bytes);
/// The same for reading a range of a file mapping (the input, ahead of the
/// parser). Best effort: a range unmapped meanwhile is skipped.
void prefaultReadAsync(const void *P, size_t Bytes);
/// Gives back the whole pages within [P, P + Bytes) of a read-only file
/// mapping (the input, behind the parser); touched again, they come back
/// from the file.
void releaseReadPages(const void *P, size_t Bytes);

/// Memory in chunks from allocateLarge whose sizes double from MinChunk up
/// to MaxChunk. Once chunks are big, the next one is allocated early and
/// pre-faulted in the background (prefaultLargeAsync). Owns its chunks.
class ChunkSupply {
public:
  struct Chunk {
    char *Data;
    size_t Bytes;
  };
  ChunkSupply(size_t MinChunk, size_t MaxChunk)
      : NextBytes(MinChunk), MaxChunk(MaxChunk) {}
  ChunkSupply(const ChunkSupply &) = delete;
  ChunkSupply &operator=(const ChunkSupply &) = delete;
  ~ChunkSupply();

  /// A new chunk of at least AtLeast bytes, zeroed.
  Chunk next(size_t AtLeast);
  /// Tells the supply about Bytes expected in all: chunks start big (and
  /// pre-faulted) rather than doubling up from small.
  void expect(size_t Bytes);
  /// Chunks handed out, oldest first.
  const std::vector<Chunk> &chunks() const { return Chunks; }

private:
  /// Allocates the next chunk ahead, pre-faulted, if chunks are that big.
  void prepareReady();

  std::vector<Chunk> Chunks;
  Chunk Ready{nullptr, 0};
  size_t NextBytes;
  size_t MaxChunk;
};

#if DSOCR_HUGE_PAGE_ARENAS

/// A bump allocator for strings over a ChunkSupply.
class StringArena {
public:
  StringArena() : Supply(size_t(16) << 10, size_t(4) << 20) {}
  /// See ChunkSupply::expect.
  void expect(size_t Bytes) { Supply.expect(Bytes); }
  /// Copies S, with a terminating NUL, and returns the copy.
  llvm::StringRef save(llvm::StringRef S) {
    size_t Need = S.size() + 1;
    if (size_t(End - Cur) < Need) {
      ChunkSupply::Chunk C = Supply.next(Need);
      Cur = C.Data;
      End = C.Data + C.Bytes;
    }
    char *P = Cur;
    Cur += Need;
    if (!S.empty())
      std::memcpy(P, S.data(), S.size());
    P[S.size()] = 0;
    return llvm::StringRef(P, S.size());
  }

private:
  ChunkSupply Supply;
  char *Cur = nullptr;
  char *End = nullptr;
};

/// Storage for many objects of type T in ChunkSupply chunks, in creation
/// order; destroys them with the arena.
template <typename T> class ObjectArena {
public:
  ObjectArena()
      : Supply(64 * sizeof(T), (size_t(8) << 20) / sizeof(T) * sizeof(T)) {}
  ObjectArena(const ObjectArena &) = delete;
  ObjectArena &operator=(const ObjectArena &) = delete;
  ~ObjectArena() {
    const auto &Chunks = Supply.chunks();
    for (size_t I = 0; I < Chunks.size(); ++I) {
      size_t Used =
          I + 1 == Chunks.size() ? InLast : Chunks[I].Bytes / sizeof(T);
      T *Objects = reinterpret_cast<T *>(Chunks[I].Data);
      for (size_t K = 0; K < Used; ++K)
        Objects[K].~T();
    }
  }
  /// About N objects are coming (see ChunkSupply::expect).
  void expect(size_t N) { Supply.expect(N * sizeof(T)); }
  /// Room for one T, which the caller constructs at once.
  void *allocate() {
    if (InLast == LastCapacity) {
      ChunkSupply::Chunk C = Supply.next(sizeof(T));
      LastCapacity = C.Bytes / sizeof(T);
      InLast = 0;
    }
    return reinterpret_cast<T *>(Supply.chunks().back().Data) + InLast++;
  }

private:
  ChunkSupply Supply;
  size_t InLast = 0;
  size_t LastCapacity = 0;
};

#else // DSOCR_HUGE_PAGE_ARENAS

class StringArena {
public:
  void expect(size_t) {}
  llvm::StringRef save(llvm::StringRef S) {
    char *P = Alloc.Allocate<char>(S.size() + 1);
    if (!S.empty())
      std::memcpy(P, S.data(), S.size());
    P[S.size()] = 0;
    return llvm::StringRef(P, S.size());
  }

private:
  llvm::BumpPtrAllocator Alloc;
};

template <typename T> class ObjectArena {
public:
  void expect(size_t) {}
  void *allocate() { return Alloc.Allocate(); }

private:
  llvm::SpecificBumpPtrAllocator<T> Alloc;
};

#endif // DSOCR_HUGE_PAGE_ARENAS

/// A fixed-size array of trivially copyable T, zero-initialised, in large
/// memory.
template <typename T> class LargeArray {
public:
  LargeArray() = default;
  explicit LargeArray(size_t N)
      : Data(N ? static_cast<T *>(allocateLarge(N * sizeof(T))) : nullptr),
        Size(N) {}
  LargeArray(LargeArray &&O) noexcept
      : Data(std::exchange(O.Data, nullptr)), Size(std::exchange(O.Size, 0)) {}
  LargeArray &operator=(LargeArray &&O) noexcept {
    std::swap(Data, O.Data);
    std::swap(Size, O.Size);
    return *this;
  }
  LargeArray(const LargeArray &) = delete;
  LargeArray &operator=(const LargeArray &) = delete;
  ~LargeArray() {
    if (Data)
      freeLarge(Data, Size * sizeof(T));
  }

  size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  T &operator[](size_t I) { return Data[I]; }
  const T &operator[](size_t I) const { return Data[I]; }
  T *begin() { return Data; }
  T *end() { return Data + Size; }
  const T *begin() const { return Data; }
  const T *end() const { return Data + Size; }

private:
  T *Data = nullptr;
  size_t Size = 0;
};

} // namespace dsocr

#endif // DSOCR_SUPPORT_LARGEMEMORY_H
