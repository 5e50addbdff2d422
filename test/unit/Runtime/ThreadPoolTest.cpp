//===- ThreadPoolTest.cpp - The runtime's pool for parallel loops ---------===//
//
// Linked with the static runtime, so that the pool's internal interface
// (lib/Runtime/ThreadPool.h) and its chunk observer are reachable.
//
//===----------------------------------------------------------------------===//
#include "ThreadPool.h"

#include "onnxc/Runtime/onnxc_runtime.h"

#include <gtest/gtest.h>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace onnxc::runtime;

namespace {

/// Counts how often each iteration ran.
struct Coverage {
  explicit Coverage(int64_t count) : hits(new std::atomic<int>[count]) {
    for (int64_t i = 0; i < count; ++i)
      hits[i] = 0;
  }
  static void body(void *context, int64_t begin, int64_t end) {
    auto *self = static_cast<Coverage *>(context);
    for (int64_t i = begin; i < end; ++i)
      ++self->hits[i];
  }
  bool exactlyOnce(int64_t count) const {
    for (int64_t i = 0; i < count; ++i)
      if (hits[i] != 1)
        return false;
    return true;
  }
  std::unique_ptr<std::atomic<int>[]> hits;
};

/// What the chunk observer saw: each chunk and the thread that ran it.
struct Observed {
  std::mutex mutex;
  std::vector<std::pair<int64_t, int64_t>> chunks;
  std::set<std::thread::id> threads;

  static void observe(void *data, int64_t begin, int64_t end) {
    auto *self = static_cast<Observed *>(data);
    std::lock_guard<std::mutex> lock(self->mutex);
    self->chunks.push_back({begin, end});
    self->threads.insert(std::this_thread::get_id());
  }
};

class ThreadPoolTest : public ::testing::Test {
protected:
  void TearDown() override {
    setChunkObserver(nullptr, nullptr);
    ASSERT_EQ(onnxc_set_num_threads(0), nullptr);
  }
};

TEST_F(ThreadPoolTest, ChunksCoverTheRangeOnceForEverySize) {
  for (int32_t size : {1, 2, 3, 8, 64}) {
    ASSERT_EQ(onnxc_set_num_threads(size), nullptr);
    EXPECT_EQ(onnxc_get_num_threads(), size);
    for (int64_t count : {1, 2, 3, 7, 64, 1000, 100003}) {
      Observed observed;
      setChunkObserver(Observed::observe, &observed);
      Coverage coverage(count);
      parallelFor(count, Coverage::body, &coverage);
      setChunkObserver(nullptr, nullptr);
      EXPECT_TRUE(coverage.exactlyOnce(count))
          << "size " << size << ", count " << count;
      // One contiguous, non-empty chunk per thread, as equal as can be.
      std::sort(observed.chunks.begin(), observed.chunks.end());
      ASSERT_EQ(observed.chunks.size(),
                static_cast<size_t>(std::min<int64_t>(size, count)));
      int64_t next = 0, shortest = count, longest = 0;
      for (auto [begin, end] : observed.chunks) {
        EXPECT_EQ(begin, next);
        shortest = std::min(shortest, end - begin);
        longest = std::max(longest, end - begin);
        next = end;
      }
      EXPECT_EQ(next, count);
      EXPECT_GE(shortest, 1);
      EXPECT_LE(longest - shortest, 1);
      EXPECT_EQ(observed.threads.size(), observed.chunks.size())
          << "size " << size << ", count " << count;
    }
  }
}

TEST_F(ThreadPoolTest, SizeOneRunsOnTheCaller) {
  ASSERT_EQ(onnxc_set_num_threads(1), nullptr);
  Observed observed;
  setChunkObserver(Observed::observe, &observed);
  Coverage coverage(1000);
  parallelFor(1000, Coverage::body, &coverage);
  EXPECT_TRUE(coverage.exactlyOnce(1000));
  ASSERT_EQ(observed.chunks.size(), 1u);
  EXPECT_EQ(observed.threads.count(std::this_thread::get_id()), 1u);
}

TEST_F(ThreadPoolTest, CallerRunsAChunkBesideTheWorkers) {
  ASSERT_EQ(onnxc_set_num_threads(4), nullptr);
  Observed observed;
  setChunkObserver(Observed::observe, &observed);
  Coverage coverage(400);
  parallelFor(400, Coverage::body, &coverage);
  EXPECT_TRUE(coverage.exactlyOnce(400));
  EXPECT_EQ(observed.threads.size(), 4u);
  EXPECT_EQ(observed.threads.count(std::this_thread::get_id()), 1u);
}

TEST_F(ThreadPoolTest, EmptyLoopsRunNothing) {
  ASSERT_EQ(onnxc_set_num_threads(4), nullptr);
  Observed observed;
  setChunkObserver(Observed::observe, &observed);
  parallelFor(0, Coverage::body, nullptr);
  parallelFor(-5, Coverage::body, nullptr);
  EXPECT_TRUE(observed.chunks.empty());
}

// Application threads that run loops at once, while another resizes the
// pool, all finish with every loop complete: a caller that finds the pool
// busy runs its loop itself.
TEST_F(ThreadPoolTest, ConcurrentCallersNeverDeadlock) {
  ASSERT_EQ(onnxc_set_num_threads(3), nullptr);
  constexpr int kCallers = 8, kLoops = 200;
  constexpr int64_t kCount = 997;
  std::atomic<int> failures{0};
  std::atomic<bool> stop{false};
  std::thread resizer([&] {
    for (int32_t size = 1; !stop; size = size % 4 + 1) {
      if (onnxc_status *status = onnxc_set_num_threads(size)) {
        onnxc_status_free(status);
        ++failures;
      }
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c)
    callers.emplace_back([&] {
      for (int loop = 0; loop < kLoops; ++loop) {
        Coverage coverage(kCount);
        parallelFor(kCount, Coverage::body, &coverage);
        if (!coverage.exactlyOnce(kCount))
          ++failures;
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  stop = true;
  resizer.join();
  EXPECT_EQ(failures.load(), 0);
}

// A loop started from inside a chunk (the pool is busy) runs serially.
TEST_F(ThreadPoolTest, NestedLoopsRunSerially) {
  ASSERT_EQ(onnxc_set_num_threads(4), nullptr);
  struct Nested {
    std::atomic<int> complete{0};
    static void outer(void *context, int64_t begin, int64_t end) {
      auto *self = static_cast<Nested *>(context);
      for (int64_t i = begin; i < end; ++i) {
        Coverage inner(50);
        parallelFor(50, Coverage::body, &inner);
        if (inner.exactlyOnce(50))
          ++self->complete;
      }
    }
  } nested;
  parallelFor(16, Nested::outer, &nested);
  EXPECT_EQ(nested.complete.load(), 16);
}

TEST_F(ThreadPoolTest, SizesOutOfRangeAreRejected) {
  ASSERT_EQ(onnxc_set_num_threads(2), nullptr);
  for (int32_t bad : {-1, kMaxThreads + 1}) {
    onnxc_status *status = onnxc_set_num_threads(bad);
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(onnxc_status_code(status), ONNXC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(onnxc_status_message(status)).find(std::to_string(bad)),
              std::string::npos);
    onnxc_status_free(status);
  }
  EXPECT_EQ(onnxc_get_num_threads(), 2);
  ASSERT_EQ(onnxc_set_num_threads(0), nullptr);
  EXPECT_EQ(onnxc_get_num_threads(), getDefaultNumThreads());
}

// ctest runs this once as it is and once with ONNXC_NUM_THREADS=3.
TEST_F(ThreadPoolTest, DefaultSizeComesFromTheEnvironmentOrTheCPUs) {
  const char *environment = std::getenv("ONNXC_NUM_THREADS");
  if (environment && *environment) {
    EXPECT_EQ(getDefaultNumThreads(), std::atoi(environment));
  } else {
    cpu_set_t set;
    ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
    EXPECT_EQ(getDefaultNumThreads(), CPU_COUNT(&set));
  }
}

// The parent's workers do not exist in a child of fork(); the child gets a
// pool of its own.
TEST_F(ThreadPoolTest, ForkedChildGetsAFreshPool) {
  ASSERT_EQ(onnxc_set_num_threads(3), nullptr);
  Coverage warmUp(30);
  parallelFor(30, Coverage::body, &warmUp);
  ASSERT_TRUE(warmUp.exactlyOnce(30));
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(20); // a deadlock fails the test instead of hanging it
    Observed observed;
    setChunkObserver(Observed::observe, &observed);
    Coverage coverage(300);
    parallelFor(300, Coverage::body, &coverage);
    bool ok = coverage.exactlyOnce(300) && observed.threads.size() == 3 &&
              onnxc_get_num_threads() == 3;
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child was killed (deadlock?)";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

} // namespace
