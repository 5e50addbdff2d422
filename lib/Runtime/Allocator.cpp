//===- Allocator.cpp - Keeping freed model buffers for the next run -------===//
//
// Generated code allocates its intermediate tensors with malloc and frees
// them before returning. With glibc's defaults, blocks above the mmap
// threshold are mapped and unmapped on every run, and the heap's top is
// trimmed after it: every run then faults in and zeroes fresh pages, which
// took up to half the time of a CNN's run. Raising both thresholds makes
// glibc keep the memory of one run for the next, as the arenas of other
// inference runtimes do. It is a process-wide setting, applied once, when
// the first model is loaded; ONNXC_MALLOC_TUNING=0 leaves malloc as it is.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

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
