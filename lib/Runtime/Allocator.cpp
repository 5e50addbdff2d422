//===- Allocator.cpp - Keeping freed model buffers for the next run -------===//
//
// Generated code allocates its buffers through the run's exec (ModelABI.h)
// and releases them before the run returns, except its outputs. Returned to
// the system, they would be faulted in and zeroed again on every run, which
// took up to half the time of a CNN's run; so the runtime keeps them for the
// next run, as the arenas of other inference runtimes do:
//
// - a large buffer (1 MiB or more: images, im2col patches) is a mapping of
//   its own, kept in a cache when released and reused for a request of about
//   its size. The mapping is a whole number of huge pages, on a huge-page
//   boundary, and asks for transparent huge pages (madvise), which take a
//   4 KiB page's TLB entry for 2 MiB: the loops that stream through such
//   buffers missed the TLB on every page (ResNet-18 1.5% and MobileNetV2 3%
//   slower at 1 thread; with a 2 MiB threshold and no rounding, MobileNetV2
//   gained only 1%, its images being of 0.8-1.6 MB). The cache keeps no more
//   than twice the most memory the runs have held at once, dropping the
//   least recently released mappings first, so that runs of changing sizes
//   do not grow it without bound. Once is not enough: a run may release a
//   buffer that no later request of its own fits, and need it again in the
//   next run (ResNet-18 with a batch of 3 mapped and zeroed 10 MB anew on
//   every run).
// - the others come from malloc, whose thresholds tuneAllocator raises so
//   that it keeps freed memory instead of trimming and unmapping it. That is
//   a process-wide setting, applied once, when the first model is loaded;
//   ONNXC_MALLOC_TUNING=0 leaves malloc as it is.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <sys/mman.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace onnxc::runtime;

void onnxc::runtime::tuneAllocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char *setting = std::getenv("ONNXC_MALLOC_TUNING");
    if (setting && std::strcmp(setting, "0") == 0)
      return;
#ifdef __GLIBC__
    // glibc's largest mmap threshold on 64-bit targets (32 MiB); trimming
    // only beyond 1 GiB of free memory at the top of the heap.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  });
}

namespace {

constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kMinMapped = size_t(1) << 20;

struct Mapping {
  void *start;
  size_t length;
};

class BufferCache {
public:
  void *allocate(size_t size) {
    if (size < kMinMapped)
      return std::malloc(size ? size : 1);
    if (size > SIZE_MAX - 2 * kHugePage)
      return nullptr;
    size_t length = (size + kHugePage - 1) / kHugePage * kHugePage;
    std::lock_guard<std::mutex> lock(mutex);
    Mapping mapping = takeCached(length);
    if (!mapping.start) {
      mapping = {map(length), length};
      if (!mapping.start)
        return nullptr;
    }
    inUse.emplace(mapping.start, mapping.length);
    inUseBytes += mapping.length;
    highWater = std::max(highWater, inUseBytes);
    return mapping.start;
  }

  void release(void *pointer) {
    if (!pointer)
      return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = inUse.find(pointer);
      if (it != inUse.end()) {
        cached.push_back({it->first, it->second});
        cachedBytes += it->second;
        inUseBytes -= it->second;
        inUse.erase(it);
        trim();
        return;
      }
    }
    std::free(pointer);
  }

private:
  /// The smallest cached mapping that holds `length` bytes and is not more
  /// than a quarter larger, so that a small request does not take the
  /// mapping that a large one of the same run needs.
  Mapping takeCached(size_t length) {
    size_t best = cached.size();
    for (size_t i = 0; i < cached.size(); ++i)
      if (cached[i].length >= length &&
          cached[i].length - length <= length / 4 &&
          (best == cached.size() || cached[i].length < cached[best].length))
        best = i;
    if (best == cached.size())
      return {nullptr, 0};
    Mapping found = cached[best];
    cached.erase(cached.begin() + best);
    cachedBytes -= found.length;
    return found;
  }

  /// Maps `length` bytes starting on a huge-page boundary: more is mapped
  /// and the ends cut off.
  static void *map(size_t length) {
    size_t padded = length + kHugePage;
    void *raw = mmap(nullptr, padded, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
      return nullptr;
    uintptr_t address = reinterpret_cast<uintptr_t>(raw);
    uintptr_t start = (address + kHugePage - 1) & ~(uintptr_t(kHugePage) - 1);
    if (start > address)
      munmap(raw, start - address);
    size_t tail = address + padded - (start + length);
    if (tail)
      munmap(reinterpret_cast<void *>(start + length), tail);
#ifdef MADV_HUGEPAGE
    // Only a hint: without transparent huge pages, 4 KiB pages it is.
    madvise(reinterpret_cast<void *>(start), length, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void *>(start);
  }

  /// Unmaps the least recently released mappings while the cache holds
  /// more than twice what the runs ever used at once.
  void trim() {
    size_t dropped = 0;
    while (cachedBytes > 2 * highWater && dropped < cached.size()) {
      munmap(cached[dropped].start, cached[dropped].length);
      cachedBytes -= cached[dropped].length;
      ++dropped;
    }
    cached.erase(cached.begin(), cached.begin() + dropped);
  }

  std::mutex mutex;
  std::unordered_map<void *, size_t> inUse;
  std::vector<Mapping> cached; // least recently released first
  size_t inUseBytes = 0, cachedBytes = 0, highWater = 0;
};

/// Never destroyed: buffers of models still loaded at exit stay valid.
BufferCache &bufferCache() {
  static BufferCache *cache = new BufferCache;
  return *cache;
}

} // namespace

void *onnxc::runtime::allocateBuffer(size_t size) {
  return bufferCache().allocate(size);
}

void onnxc::runtime::releaseBuffer(void *pointer) {
  bufferCache().release(pointer);
}
