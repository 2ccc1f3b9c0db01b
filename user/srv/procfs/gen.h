#pragma once
/* The text of /proc's files in Linux's layouts (man 5 proc), from plain data: pure code,
 * tested on the host. Each returns the length written into buf (at most n - 1 bytes, always
 * NUL-terminated), or the length it would need when that does not fit. */
#include <stddef.h>
#include <stdint.h>

#define PROCFS_HZ 100 /* clock ticks (sysconf(_SC_CLK_TCK)) in stat's time fields */

/* One process as procmgr reports it. */
struct procfs_ps {
    long pid, ppid, pgid, sid;
    uint32_t uid, euid, gid, egid, nthreads;
    char state; /* R S T Z */
    char name[32];
    char cmdline[128]; /* NUL-separated */
    uint64_t cpu_ns, start_ns, mem_bytes;
};

/* The system as a whole. */
struct procfs_sys {
    uint64_t mem_total, mem_free; /* bytes */
    uint64_t nprocs, running, last_pid;
    uint64_t uptime_ns, idle_ns;
    uint64_t load[3]; /* load averages in 1/PROCFS_FIXED_1 units */
};
#define PROCFS_FSHIFT 11
#define PROCFS_FIXED_1 (1u << PROCFS_FSHIFT)

size_t gen_stat(char *buf, size_t n, const struct procfs_ps *p);
size_t gen_status(char *buf, size_t n, const struct procfs_ps *p);
/* The arguments, each NUL-terminated (the bytes of cmdline up to its last argument). */
size_t gen_cmdline(char *buf, size_t n, const struct procfs_ps *p);
size_t gen_meminfo(char *buf, size_t n, const struct procfs_sys *s);
size_t gen_uptime(char *buf, size_t n, const struct procfs_sys *s);
size_t gen_loadavg(char *buf, size_t n, const struct procfs_sys *s);
size_t gen_version(char *buf, size_t n);
/* cpuid leaves as the CPU reports them; mhz from a measurement. */
struct procfs_cpu {
    char vendor[13], model_name[49];
    uint32_t family, model, stepping, mhz;
    uint32_t ecx1, edx1, ebx7, ecx7, ecx81, edx81; /* feature words of leaves 1, 7, 0x80000001 */
};
size_t gen_cpuinfo(char *buf, size_t n, const struct procfs_cpu *c);
/* One step of the load averages (every 5 s, as Linux): running is the number of runnable
 * processes now. */
void loadavg_update(uint64_t load[3], uint64_t running);
