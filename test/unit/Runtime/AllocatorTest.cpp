//===- AllocatorTest.cpp - The cache of the runs' buffers -----------------===//
//
// Linked with the static runtime, so that allocateBuffer and releaseBuffer
// (lib/Runtime/RuntimeInternal.h), which generated code reaches through the
// run's exec, are callable directly.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace onnxc::runtime;

namespace {

constexpr size_t kMiB = size_t(1) << 20;

TEST(AllocatorTest, LargeBuffersStartOnHugePagesAndAreReused) {
  void *first = allocateBuffer(3 * kMiB + 5);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % (2 * kMiB), 0u);
  std::memset(first, 1, 3 * kMiB + 5);
  releaseBuffer(first);
  // The next run asks for the same size and gets the same mapping back,
  // already faulted in.
  void *second = allocateBuffer(3 * kMiB + 5);
  EXPECT_EQ(second, first);
  releaseBuffer(second);
}

TEST(AllocatorTest, SmallRequestsDoNotTakeMuchLargerCachedBuffers) {
  void *large = allocateBuffer(16 * kMiB);
  ASSERT_NE(large, nullptr);
  releaseBuffer(large);
  void *small = allocateBuffer(4 * kMiB);
  ASSERT_NE(small, nullptr);
  EXPECT_NE(small, large);
  // The large one is still there for the request it fits.
  void *again = allocateBuffer(16 * kMiB);
  EXPECT_EQ(again, large);
  releaseBuffer(small);
  releaseBuffer(again);
}

TEST(AllocatorTest, RepeatedRunsReuseEveryBuffer) {
  // One run: a buffer released before a smaller one is needed, too large to
  // serve it. Both mappings are cached although the run never held more
  // than the larger at once, and the next run gets both back.
  void *first[2], *second[2];
  for (void **run : {first, second}) {
    run[0] = allocateBuffer(64 * kMiB);
    ASSERT_NE(run[0], nullptr);
    releaseBuffer(run[0]);
    run[1] = allocateBuffer(48 * kMiB);
    ASSERT_NE(run[1], nullptr);
    releaseBuffer(run[1]);
  }
  EXPECT_NE(first[0], first[1]);
  EXPECT_EQ(second[0], first[0]);
  EXPECT_EQ(second[1], first[1]);
}

TEST(AllocatorTest, ReleasesWhatMallocReturned) {
  void *small = allocateBuffer(100);
  ASSERT_NE(small, nullptr);
  std::memset(small, 0, 100);
  releaseBuffer(small);
  // Generated code without an exec (a worker thread of the pool) mallocs;
  // the runtime may be the one to release such a buffer.
  releaseBuffer(std::malloc(3 * kMiB));
  releaseBuffer(nullptr);
}

TEST(AllocatorTest, ReportsExhaustion) {
  EXPECT_EQ(allocateBuffer(SIZE_MAX - kMiB), nullptr);
}

} // namespace
