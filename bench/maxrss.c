// Runs a command and writes its peak resident set size, as wait4 reports it,
// to a file:
//
//   maxrss REPORT CMD [ARG...]
//
// REPORT gets one line: "maxrss_kib <n> utime_s <s> stime_s <s>". The exit
// status is the command's (128 + signal when a signal ended it).
//
// Why not os.wait4 in bench.py itself: Linux records, at exec, the high-water
// RSS of the image being replaced, so a child forked (or vforked) from the
// harness reports at least the harness's own RSS (hundreds of MiB once numpy
// and torch are loaded). Forked from this small program, the floor is about
// a MiB.
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: maxrss REPORT CMD [ARG...]\n");
    return 125;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("maxrss: fork");
    return 125;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror("maxrss: exec");
    _exit(127);
  }
  int status;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) {
    perror("maxrss: wait4");
    return 125;
  }
  FILE *report = fopen(argv[1], "w");
  if (!report) {
    perror("maxrss: report");
    return 125;
  }
  fprintf(report, "maxrss_kib %ld utime_s %.3f stime_s %.3f\n",
          usage.ru_maxrss,
          (double)usage.ru_utime.tv_sec + 1e-6 * (double)usage.ru_utime.tv_usec,
          (double)usage.ru_stime.tv_sec + 1e-6 * (double)usage.ru_stime.tv_usec);
  fclose(report);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
