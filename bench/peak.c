// Measures this machine's FP32 peak: the throughput of a loop of independent
// fused multiply-adds, for every vector ISA the CPU reports at run time
// (AVX-512F, AVX2+FMA on x86-64; NEON on AArch64), on 1 thread and on N
// threads pinned to different CPUs. Nothing about the ISA or the clock is
// assumed: x86 kernels are compiled for their ISA with target attributes and
// picked with __builtin_cpu_supports.
//
//   peak [--threads 1,2] [--seconds S]
//
// Output, one fact per line (bench.py parses the `result` lines):
//   cpu <model name>
//   cpus <n allowed> pinned <cpu list>
//   isa <name> bits <width> accumulators <n> flags <target features>
//   result isa <name> bits <width> threads <t> gflops <total GFLOP/s>
//          gflops_cpu <total GFLOP/s over each thread's CPU time>
//          cpu_share <least share of its wall time a thread was on a CPU>
// A GFLOP counts 2 flops per FMA lane; each number is the best of 5 runs.
// On an idle machine gflops and gflops_cpu agree. When other work preempts
// the threads (cpu_share well below 1), gflops drops and gflops_cpu still
// measures what the cores do while they run the loop.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

// Each accumulator is a chain acc = acc + m * c (one FMA, the accumulating
// form every ISA has: vfmadd231ps, fmla). m and c are loaded through
// volatiles so that the compiler cannot fold the chain into anything shorter;
// with c this small the sums stay far from overflow.
static volatile float kMul = 0.99999994f, kAdd = 1e-7f;

// The accumulators are independent chains. Their number must cover FMA
// latency x FMAs per cycle (4 x 2 on current x86 cores, 4 x 4 on wide ARM
// cores); an empty asm that claims to modify every accumulator on every
// iteration keeps them in registers and the loop body intact.
#define ACC8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define ACC12(X) ACC8(X) X(8) X(9) X(10) X(11)
#define ACC16(X) ACC12(X) X(12) X(13) X(14) X(15)
#define ACC24(X) ACC16(X) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23)

typedef float (*Kernel)(long iterations);

struct Isa {
  const char *name;  // as printed
  const char *flags; // the target features the kernel is compiled with
  int bits;
  int accumulators;
  Kernel kernel;
};

#if defined(__x86_64__)
#define DECL(i) __m512 a##i = _mm512_set1_ps((float)(i));
#define STEP(i) a##i = _mm512_fmadd_ps(m, c, a##i);
#define KEEP(i) "+v"(a##i),
#define SUM(i) s = _mm512_add_ps(s, a##i);
__attribute__((target("avx512f"))) static float fmaZmm(long iterations) {
  __m512 m = _mm512_set1_ps(kMul), c = _mm512_set1_ps(kAdd);
  ACC16(DECL)
  for (long i = 0; i < iterations; ++i) {
    ACC16(STEP)
    __asm__ volatile("" : ACC16(KEEP) "+v"(m));
  }
  __m512 s = _mm512_setzero_ps();
  ACC16(SUM)
  return _mm512_reduce_add_ps(s);
}
#undef DECL
#undef STEP
#undef SUM

// AVX2 has 16 ymm registers: 12 accumulators, the two constants, spare.
#define DECL(i) __m256 a##i = _mm256_set1_ps((float)(i));
#define STEP(i) a##i = _mm256_fmadd_ps(m, c, a##i);
#define SUM(i) s = _mm256_add_ps(s, a##i);
__attribute__((target("avx2,fma"))) static float fmaYmm(long iterations) {
  __m256 m = _mm256_set1_ps(kMul), c = _mm256_set1_ps(kAdd);
  ACC12(DECL)
  for (long i = 0; i < iterations; ++i) {
    ACC12(STEP)
    __asm__ volatile("" : ACC12(KEEP) "+x"(m));
  }
  __m256 s = _mm256_setzero_ps();
  ACC12(SUM)
  float lanes[8];
  _mm256_storeu_ps(lanes, s);
  return lanes[0] + lanes[7];
}
#undef DECL
#undef STEP
#undef KEEP
#undef SUM

static int availableIsas(struct Isa *out) {
  int n = 0;
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    out[n++] = (struct Isa){"avx512f", "avx512f", 512, 16, fmaZmm};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    out[n++] = (struct Isa){"avx2+fma", "avx2,fma", 256, 12, fmaYmm};
  return n;
}

#elif defined(__aarch64__)
#define DECL(i) float32x4_t a##i = vdupq_n_f32((float)(i));
#define STEP(i) a##i = vfmaq_f32(a##i, m, c);
#define KEEP(i) "+w"(a##i),
#define SUM(i) s = vaddq_f32(s, a##i);
static float fmaNeon(long iterations) {
  float32x4_t m = vdupq_n_f32(kMul), c = vdupq_n_f32(kAdd);
  ACC24(DECL)
  for (long i = 0; i < iterations; ++i) {
    ACC24(STEP)
    __asm__ volatile("" : ACC24(KEEP) "+w"(m));
  }
  float32x4_t s = vdupq_n_f32(0.0f);
  ACC24(SUM)
  return vaddvq_f32(s);
}

// NEON (Advanced SIMD) is part of the AArch64 base ISA.
static int availableIsas(struct Isa *out) {
  out[0] = (struct Isa){"neon", "neon", 128, 24, fmaNeon};
  return 1;
}

#else
static int availableIsas(struct Isa *out) {
  (void)out;
  return 0;
}
#endif

static double clockSeconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// The CPUs this process may run on; thread t is pinned to the t-th of them.
static int allowedCpus[CPU_SETSIZE];
static int numAllowedCpus;

struct Worker {
  pthread_t thread;
  pthread_barrier_t *barrier;
  const struct Isa *isa;
  long iterations;
  int cpu; // -1: not pinned
  double seconds, cpuSeconds;
  float checksum;
};

static void *work(void *arg) {
  struct Worker *w = arg;
  if (w->cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(w->cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  }
  w->isa->kernel(1000); // warm up: page in the code, wake the vector unit
  pthread_barrier_wait(w->barrier);
  double start = clockSeconds(CLOCK_MONOTONIC);
  double cpuStart = clockSeconds(CLOCK_THREAD_CPUTIME_ID);
  w->checksum = w->isa->kernel(w->iterations);
  w->seconds = clockSeconds(CLOCK_MONOTONIC) - start;
  w->cpuSeconds = clockSeconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart;
  return NULL;
}

// One run of the kernel on `threads` pinned threads at once.
struct Timing {
  double seconds;     // wall time of the slowest thread
  double cpuShare;    // the least share of its wall time a thread was on a CPU
  double perCpuSecond; // sum over threads of 1 / (its CPU seconds)
};

static struct Timing runOnce(const struct Isa *isa, int threads,
                             long iterations) {
  struct Worker workers[64];
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, (unsigned)threads);
  for (int t = 0; t < threads; ++t) {
    workers[t] = (struct Worker){.barrier = &barrier, .isa = isa,
                                 .iterations = iterations,
                                 .cpu = threads <= numAllowedCpus
                                            ? allowedCpus[t] : -1};
    pthread_create(&workers[t].thread, NULL, work, &workers[t]);
  }
  struct Timing timing = {0, 1, 0};
  float checksum = 0;
  for (int t = 0; t < threads; ++t) {
    pthread_join(workers[t].thread, NULL);
    const struct Worker *w = &workers[t];
    if (w->seconds > timing.seconds)
      timing.seconds = w->seconds;
    if (w->cpuSeconds / w->seconds < timing.cpuShare)
      timing.cpuShare = w->cpuSeconds / w->seconds;
    timing.perCpuSecond += 1.0 / w->cpuSeconds;
    checksum += w->checksum;
  }
  pthread_barrier_destroy(&barrier);
  if (checksum != checksum)
    fprintf(stderr, "peak: checksum is NaN\n");
  return timing;
}

struct Peak {
  double gflops;    // over wall time: what the threads achieved together
  double gflopsCpu; // over each thread's CPU time: what the cores can do,
                    // even when other work preempted the threads
  double cpuShare;  // of the run with the best gflops
};

// Best of 5 runs of about `seconds` each, in GFLOP/s over all threads.
static struct Peak measure(const struct Isa *isa, int threads,
                           double seconds) {
  long iterations = 1 << 14;
  double elapsed;
  while ((elapsed = runOnce(isa, 1, iterations).seconds) < 0.02)
    iterations *= 2;
  iterations = (long)((double)iterations * seconds / elapsed) + 1;
  double flopsPerThread =
      2.0 * isa->accumulators * (isa->bits / 32) * (double)iterations;
  struct Peak best = {0, 0, 0};
  for (int rep = 0; rep < 5; ++rep) {
    struct Timing timing = runOnce(isa, threads, iterations);
    double gflops = flopsPerThread * threads / timing.seconds * 1e-9;
    if (gflops > best.gflops) {
      best.gflops = gflops;
      best.cpuShare = timing.cpuShare;
    }
    double gflopsCpu = flopsPerThread * timing.perCpuSecond * 1e-9;
    if (gflopsCpu > best.gflopsCpu)
      best.gflopsCpu = gflopsCpu;
  }
  return best;
}

static void printCpuName(void) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  // x86 names the model; AArch64 kernels give only implementer and part.
  const char *keys[] = {"model name", "CPU implementer", "CPU part"};
  int printed = 0;
  while (f && fgets(line, sizeof line, f)) {
    for (unsigned k = 0; k < sizeof keys / sizeof *keys; ++k) {
      size_t len = strlen(keys[k]);
      char *colon = strchr(line, ':');
      if (colon && strncmp(line, keys[k], len) == 0 && !(printed & (1 << k))) {
        line[strcspn(line, "\n")] = 0;
        printf("%s%s", printed ? ", " : "cpu ", colon + 2);
        printed |= 1 << k;
      }
    }
  }
  if (f)
    fclose(f);
  printf("%s\n", printed ? "" : "cpu unknown");
}

int main(int argc, char **argv) {
  const char *threadList = "1,2";
  double seconds = 0.2;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threadList = argv[++i];
    else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
      seconds = atof(argv[++i]);
    else {
      fprintf(stderr, "usage: peak [--threads 1,2] [--seconds S]\n");
      return 2;
    }
  }

  cpu_set_t allowed;
  sched_getaffinity(0, sizeof allowed, &allowed);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &allowed))
      allowedCpus[numAllowedCpus++] = cpu;

  struct Isa isas[4];
  int numIsas = availableIsas(isas);
  printCpuName();
  printf("cpus %d pinned", numAllowedCpus);
  for (int i = 0; i < numAllowedCpus; ++i)
    printf("%s%d", i ? "," : " ", allowedCpus[i]);
  printf("\n");
  if (!numIsas) {
    fprintf(stderr, "peak: no FMA vector ISA known for this CPU\n");
    return 1;
  }
  for (int i = 0; i < numIsas; ++i)
    printf("isa %s bits %d accumulators %d flags %s\n", isas[i].name,
           isas[i].bits, isas[i].accumulators, isas[i].flags);
  fflush(stdout);

  for (const char *p = threadList; *p;) {
    char *end;
    long threads = strtol(p, &end, 10);
    if (end == p || threads < 1 || threads > 64) {
      fprintf(stderr, "peak: bad --threads '%s'\n", threadList);
      return 2;
    }
    if (threads > numAllowedCpus)
      fprintf(stderr, "peak: %ld threads on %d CPUs: not pinned\n", threads,
              numAllowedCpus);
    for (int i = 0; i < numIsas; ++i) {
      struct Peak peak = measure(&isas[i], (int)threads, seconds);
      printf("result isa %s bits %d threads %ld gflops %.1f gflops_cpu %.1f "
             "cpu_share %.2f\n",
             isas[i].name, isas[i].bits, threads, peak.gflops, peak.gflopsCpu,
             peak.cpuShare);
      fflush(stdout);
    }
    p = *end == ',' ? end + 1 : end;
  }
  return 0;
}
