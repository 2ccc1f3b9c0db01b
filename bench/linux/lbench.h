/* lbench: what the benchmark files share. */
#pragma once
#include <stdint.h>

struct stamp {
    uint64_t tsc;
    uint64_t ns;
};

/* rdtsc and CLOCK_MONOTONIC now. */
struct stamp stamp_now(void);
/* Prints "LBENCH name tsc/op ns/op" for n operations between a and b. */
void report(const char *name, struct stamp a, struct stamp b, long n);
/* Prints "LBENCH error what: strerror(errno)" and ends the run (powers off as init). */
void die(const char *what);
/* The file-system benchmarks on /dev/vda (lbench_fs.c). */
void bench_fs(long write_mib, long files);
