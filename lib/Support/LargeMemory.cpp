//===- LargeMemory.cpp - Big allocations backed by huge pages -------------===//
//
// mmap with MADV_HUGEPAGE on Linux; calloc elsewhere.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Support/LargeMemory.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Process.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

#if defined(__unix__)
#include <sys/mman.h>
#endif
#if defined(__linux__)
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 // Linux 5.14
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#endif

using namespace dsocr;

static constexpr size_t HugePage = size_t(2) << 20;

static uintptr_t pageSize() {
  static const uintptr_t Page =
      uintptr_t(llvm::sys::Process::getPageSizeEstimate());
  return Page;
}

/// calloc that reports running out of memory like operator new.
static void *callocOrDie(size_t Bytes) {
  void *P = std::calloc(1, Bytes ? Bytes : 1);
  if (!P)
    llvm::report_bad_alloc_error("out of memory");
  return P;
}

// Under AddressSanitizer large memory comes from calloc like the rest: the
// leak checker then sees the pointers stored in it, and overflows are
// caught.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DSOCR_PLAIN_LARGE_MEMORY 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define DSOCR_PLAIN_LARGE_MEMORY 1
#endif

#if defined(__linux__) && !defined(DSOCR_PLAIN_LARGE_MEMORY)
// Small requests are not worth a mapping of their own.
static constexpr size_t MapThreshold = 256u << 10;
static constexpr size_t HugePagesFrom = size_t(4) << 20;

#if DSOCR_HUGE_PAGE_ARENAS
void *dsocr::allocateLarge(size_t Bytes) {
  if (Bytes < MapThreshold)
    return callocOrDie(Bytes);
  // Map one huge page more than needed and trim, so that the start is
  // huge-page aligned (the kernel can only back aligned ranges).
  size_t Rounded = (Bytes + HugePage - 1) & ~(HugePage - 1);
  void *Raw = ::mmap(nullptr, Rounded + HugePage, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (Raw == MAP_FAILED)
    llvm::report_bad_alloc_error("out of memory");
  uintptr_t Begin = uintptr_t(Raw);
  uintptr_t Aligned = (Begin + HugePage - 1) & ~uintptr_t(HugePage - 1);
  if (Aligned > Begin)
    ::munmap(Raw, Aligned - Begin);
  uintptr_t End = Begin + Rounded + HugePage;
  if (End > Aligned + Rounded)
    ::munmap(reinterpret_cast<void *>(Aligned + Rounded),
             End - (Aligned + Rounded));
  void *P = reinterpret_cast<void *>(Aligned);
  // Huge pages pay off for big structures read at random; a small graph
  // would only wait for the kernel to zero a whole 2 MiB page.
  if (Bytes >= HugePagesFrom)
    ::madvise(P, Rounded, MADV_HUGEPAGE); // a hint; failure is harmless
  return P;
}
#endif

namespace {

/// The background thread behind prefaultLargeAsync: a queue of regions,
/// populated 2 MiB at a time so that a cancellation is quick.
class Prefaulter {
public:
  static Prefaulter &get() {
    static Prefaulter P;
    return P;
  }

  void request(char *P, size_t Bytes, bool Write) {
    std::lock_guard<std::mutex> Lock(M);
    if (!Supported)
      return;
    if (!Worker.joinable())
      Worker = std::thread([this]() { loop(); });
    Queue.push_back({P, Bytes, Write});
    Wake.notify_one();
  }

  /// Drops queued work on the region at P and waits for work under way.
  void forget(char *P) {
    std::unique_lock<std::mutex> Lock(M);
    for (auto It = Queue.begin(); It != Queue.end();)
      It = It->P == P ? Queue.erase(It) : It + 1;
    if (Busy == P) {
      Cancel = true;
      Done.wait(Lock, [&]() { return Busy != P; });
    }
  }

  ~Prefaulter() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
      Cancel = true;
      Wake.notify_one();
    }
    if (Worker.joinable())
      Worker.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(M);
    while (true) {
      Wake.wait(Lock, [&]() { return Stop || !Queue.empty(); });
      if (Stop)
        return;
      Request R = Queue.front();
      Queue.pop_front();
      Busy = R.P;
      Cancel = false;
      Lock.unlock();
      int Advice = R.Write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;
      for (size_t Off = 0; Off < R.Bytes && !Cancel; Off += HugePage) {
        size_t Len = std::min(HugePage, R.Bytes - Off);
        if (::madvise(R.P + Off, Len, Advice) != 0) {
          if (errno == EINVAL) // an older kernel: give up for good
            Supported = false;
          break;
        }
      }
      Lock.lock();
      Busy = nullptr;
      Done.notify_all();
    }
  }

  std::mutex M;
  std::condition_variable Wake, Done;
  struct Request {
    char *P;
    size_t Bytes;
    bool Write;
  };
  std::deque<Request> Queue;
  char *Busy = nullptr;
  std::atomic<bool> Cancel{false};
  bool Stop = false;
  std::atomic<bool> Supported{true};
  std::thread Worker;
};

} // namespace

#if DSOCR_HUGE_PAGE_ARENAS
void dsocr::prefaultLargeAsync(void *P, size_t Bytes) {
  if (P && Bytes >= MapThreshold)
    Prefaulter::get().request(static_cast<char *>(P), Bytes, /*Write=*/true);
}
#endif

void dsocr::prefaultReadAsync(const void *P, size_t Bytes) {
  // Page-aligned, as madvise wants.
  uintptr_t Begin = uintptr_t(P) & ~(pageSize() - 1);
  uintptr_t End = uintptr_t(P) + Bytes;
  if (End > Begin)
    Prefaulter::get().request(reinterpret_cast<char *>(Begin), End - Begin,
                              /*Write=*/false);
}

#if DSOCR_HUGE_PAGE_ARENAS
void dsocr::freeLarge(void *P, size_t Bytes) {
  if (!P)
    return;
  if (Bytes < MapThreshold) {
    std::free(P);
    return;
  }
  Prefaulter::get().forget(static_cast<char *>(P));
  size_t Rounded = (Bytes + HugePage - 1) & ~(HugePage - 1);
  ::munmap(P, Rounded);
}
#endif
#else
void dsocr::prefaultReadAsync(const void *, size_t) {}
#endif

#if !DSOCR_HUGE_PAGE_ARENAS || !defined(__linux__) ||                          \
    defined(DSOCR_PLAIN_LARGE_MEMORY)
// Plain memory: calloc, nothing faulted in ahead.
void *dsocr::allocateLarge(size_t Bytes) { return callocOrDie(Bytes); }

void dsocr::freeLarge(void *P, size_t) { std::free(P); }

void dsocr::prefaultLargeAsync(void *, size_t) {}
#endif

void dsocr::releaseReadPages(const void *P, size_t Bytes) {
#if defined(__unix__)
  uintptr_t Page = pageSize();
  uintptr_t From = (uintptr_t(P) + Page - 1) & ~(Page - 1);
  uintptr_t To = (uintptr_t(P) + Bytes) & ~(Page - 1);
  if (To > From)
    ::madvise(reinterpret_cast<void *>(From), To - From, MADV_DONTNEED);
#endif
}

#if DSOCR_HUGE_PAGE_ARENAS
/// Chunks at least this big are prepared ahead, in the background.
static constexpr size_t PrefaultFrom = size_t(4) << 20;

ChunkSupply::~ChunkSupply() {
  for (const Chunk &C : Chunks)
    freeLarge(C.Data, C.Bytes);
  freeLarge(Ready.Data, Ready.Bytes);
}

void ChunkSupply::expect(size_t Bytes) {
  if (!Chunks.empty() || Ready.Data)
    return;
  NextBytes = std::min(std::max(NextBytes, Bytes), MaxChunk);
  prepareReady();
}

void ChunkSupply::prepareReady() {
  if (NextBytes < PrefaultFrom || Ready.Data)
    return;
  Ready = {static_cast<char *>(allocateLarge(NextBytes)), NextBytes};
  prefaultLargeAsync(Ready.Data, Ready.Bytes);
}

ChunkSupply::Chunk ChunkSupply::next(size_t AtLeast) {
  Chunk C;
  if (Ready.Data && Ready.Bytes >= AtLeast) {
    C = Ready;
    Ready = {nullptr, 0};
  } else {
    C.Bytes = std::max(NextBytes, AtLeast);
    C.Data = static_cast<char *>(allocateLarge(C.Bytes));
  }
  Chunks.push_back(C);
  NextBytes = std::min(std::max(NextBytes, C.Bytes) * 2, MaxChunk);
  prepareReady();
  return C;
}
#endif // DSOCR_HUGE_PAGE_ARENAS
