// c2c: the round-trip time of a cache line between two CPUs.
//
//   c2c
//
// Pins one thread to each of the first two CPUs the process may run on; they
// pass a counter back and forth through one cache line, 5 batches of 20000
// round trips, and it prints "c2c_ns T", T the median batch's time per round
// trip in nanoseconds ("c2c_ns -" with fewer than two CPUs). On a virtual
// machine the time tells where the hypervisor placed the two vCPUs: a few
// tens of ns when they share a last-level cache, several hundred when the
// line crosses between CPU dies; multi-threaded runs that pass data between
// threads are slower in the second case.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { kBatches = 5, kRoundTrips = 20000 };

static _Alignas(64) atomic_long counter;
static int cpus[2];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

// Answers each odd value with the next even one.
static void *echo(void *unused) {
  (void)unused;
  (void)pin(cpus[1]);
  long total = 2L * kBatches * kRoundTrips;
  for (long value = 1; value < total; value += 2) {
    while (atomic_load_explicit(&counter, memory_order_acquire) != value)
      ;
    atomic_store_explicit(&counter, value + 1, memory_order_release);
  }
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  cpu_set_t allowed;
  int found = 0;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0)
    for (int cpu = 0; cpu < CPU_SETSIZE && found < 2; ++cpu)
      if (CPU_ISSET(cpu, &allowed))
        cpus[found++] = cpu;
  pthread_t thread;
  if (found < 2 || pin(cpus[0]) != 0 ||
      pthread_create(&thread, NULL, echo, NULL) != 0) {
    puts("c2c_ns -");
    return 0;
  }
  double batches[kBatches];
  long value = 0;
  for (int batch = 0; batch < kBatches; ++batch) {
    double start = now();
    for (int trip = 0; trip < kRoundTrips; ++trip) {
      atomic_store_explicit(&counter, value + 1, memory_order_release);
      while (atomic_load_explicit(&counter, memory_order_acquire) != value + 2)
        ;
      value += 2;
    }
    batches[batch] = (now() - start) / kRoundTrips * 1e9;
  }
  pthread_join(thread, NULL);
  qsort(batches, kBatches, sizeof batches[0], by_value);
  printf("c2c_ns %.0f\n", batches[kBatches / 2]);
  return 0;
}
