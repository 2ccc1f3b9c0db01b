/* /proc's text in Linux's layouts (man 5 proc). Pure: no system calls. */
#include "gen.h"
#include "core/version.h"
#include "lib/fmt.h"

/* Appends to a buffer, counting what would not fit. */
struct out {
    char *buf;
    size_t n, len;
};

static void outf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void outf(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->n ? o->n - o->len : 0;
    int k = kvsnprintf(o->buf + (room ? o->len : 0), room, fmt, ap);
    va_end(ap);
    if (k > 0) o->len += (size_t)k;
    if (o->n && o->len >= o->n) o->buf[o->n - 1] = 0;
}

static uint64_t ticks(uint64_t ns)
{
    return ns / (1000000000ull / PROCFS_HZ);
}

size_t gen_stat(char *buf, size_t n, const struct procfs_ps *p)
{
    struct out o = {buf, n, 0};
    /* pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
     * utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss
     * rsslim startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch
     * wchan nswap cnswap exit_signal processor rt_priority policy delayacct_blkio_ticks
     * guest_time cguest_time start_data end_data start_brk arg_start arg_end env_start
     * env_end exit_code. CPU time is not split into user and system: all of it is utime. */
    outf(&o,
         "%ld (%s) %c %ld %ld %ld 0 -1 0 0 0 0 0 %lu 0 0 0 20 0 %u 0 %lu %lu %lu "
         "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
         p->pid, p->name, p->state, p->ppid, p->pgid, p->sid, (unsigned long)ticks(p->cpu_ns),
         p->nthreads, (unsigned long)ticks(p->start_ns), (unsigned long)p->mem_bytes,
         (unsigned long)(p->mem_bytes / 4096));
    return o.len;
}

static const char *state_name(char s)
{
    switch (s) {
    case 'R':
        return "R (running)";
    case 'T':
        return "T (stopped)";
    case 'Z':
        return "Z (zombie)";
    default:
        return "S (sleeping)";
    }
}

size_t gen_status(char *buf, size_t n, const struct procfs_ps *p)
{
    struct out o = {buf, n, 0};
    unsigned long kb = (unsigned long)(p->mem_bytes / 1024);
    outf(&o, "Name:\t%s\nState:\t%s\nTgid:\t%ld\nNgid:\t0\nPid:\t%ld\nPPid:\t%ld\n", p->name,
         state_name(p->state), p->pid, p->pid, p->ppid);
    outf(&o, "TracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", p->uid, p->euid,
         p->euid, p->euid, p->gid, p->egid, p->egid, p->egid);
    outf(&o, "FDSize:\t256\nNSpid:\t%ld\nNSpgid:\t%ld\nNSsid:\t%ld\n", p->pid, p->pgid, p->sid);
    outf(&o, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\nThreads:\t%u\n", kb, kb, p->nthreads);
    return o.len;
}

size_t gen_cmdline(char *buf, size_t n, const struct procfs_ps *p)
{
    size_t len = sizeof p->cmdline;
    while (len > 0 && p->cmdline[len - 1] == 0)
        len--;
    if (len > 0 || p->cmdline[0]) len++; /* the last argument's NUL */
    if (n == 0) return len;
    size_t k = len < n - 1 ? len : n - 1;
    for (size_t i = 0; i < k; i++)
        buf[i] = p->cmdline[i];
    buf[k] = 0;
    return len;
}

size_t gen_meminfo(char *buf, size_t n, const struct procfs_sys *s)
{
    struct out o = {buf, n, 0};
    static const char *const keys[] = {"MemTotal:", "MemFree:",    "MemAvailable:", "Buffers:",
                                       "Cached:",   "SwapCached:", "SwapTotal:",    "SwapFree:"};
    uint64_t free = s->mem_free < s->mem_total ? s->mem_free : s->mem_total;
    uint64_t v[] = {s->mem_total, free, free, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        outf(&o, "%-15s %8lu kB\n", keys[i], (unsigned long)(v[i] / 1024));
    return o.len;
}

size_t gen_uptime(char *buf, size_t n, const struct procfs_sys *s)
{
    struct out o = {buf, n, 0};
    uint64_t up = s->uptime_ns / 10000000ull, idle = s->idle_ns / 10000000ull; /* 1/100 s */
    outf(&o, "%lu.%02lu %lu.%02lu\n", (unsigned long)(up / 100), (unsigned long)(up % 100),
         (unsigned long)(idle / 100), (unsigned long)(idle % 100));
    return o.len;
}

size_t gen_loadavg(char *buf, size_t n, const struct procfs_sys *s)
{
    struct out o = {buf, n, 0};
    for (int i = 0; i < 3; i++) {
        uint64_t x = s->load[i] + PROCFS_FIXED_1 / 200; /* rounded to 1/100 as Linux */
        outf(&o, "%lu.%02lu ", (unsigned long)(x >> PROCFS_FSHIFT),
             (unsigned long)(((x & (PROCFS_FIXED_1 - 1)) * 100) >> PROCFS_FSHIFT));
    }
    outf(&o, "%lu/%lu %lu\n", (unsigned long)s->running, (unsigned long)s->nprocs,
         (unsigned long)s->last_pid);
    return o.len;
}

void loadavg_update(uint64_t load[3], uint64_t running)
{
    /* Linux's constants: 1/exp(5 s / 1, 5, 15 min) in fixed point. */
    static const uint64_t e[3] = {1884, 2014, 2037};
    for (int i = 0; i < 3; i++) {
        uint64_t nl = load[i] * e[i] + running * PROCFS_FIXED_1 * (PROCFS_FIXED_1 - e[i]);
        if (running * PROCFS_FIXED_1 >= load[i])
            nl += PROCFS_FIXED_1 - 1; /* rounding up while rising, as Linux */
        load[i] = nl >> PROCFS_FSHIFT;
    }
}

size_t gen_version(char *buf, size_t n)
{
    struct out o = {buf, n, 0};
    outf(&o, "CLUU version %s (clang, ld.lld) #1\n", CLUU_VERSION);
    return o.len;
}

struct flag {
    uint8_t word, bit;
    const char *name;
};

/* Words: 0 edx1, 1 ecx1, 2 edx81, 3 ecx81, 4 ebx7, 5 ecx7; Linux's names. */
static const struct flag flags[] = {
    {0, 0, "fpu"},         {0, 1, "vme"},       {0, 2, "de"},       {0, 3, "pse"},
    {0, 4, "tsc"},         {0, 5, "msr"},       {0, 6, "pae"},      {0, 7, "mce"},
    {0, 8, "cx8"},         {0, 9, "apic"},      {0, 11, "sep"},     {0, 12, "mtrr"},
    {0, 13, "pge"},        {0, 14, "mca"},      {0, 15, "cmov"},    {0, 16, "pat"},
    {0, 17, "pse36"},      {0, 19, "clflush"},  {0, 23, "mmx"},     {0, 24, "fxsr"},
    {0, 25, "sse"},        {0, 26, "sse2"},     {0, 28, "ht"},      {2, 11, "syscall"},
    {2, 20, "nx"},         {2, 26, "pdpe1gb"},  {2, 27, "rdtscp"},  {2, 29, "lm"},
    {1, 0, "pni"},         {1, 1, "pclmulqdq"}, {1, 9, "ssse3"},    {1, 12, "fma"},
    {1, 13, "cx16"},       {1, 19, "sse4_1"},   {1, 20, "sse4_2"},  {1, 21, "x2apic"},
    {1, 22, "movbe"},      {1, 23, "popcnt"},   {1, 25, "aes"},     {1, 26, "xsave"},
    {1, 28, "avx"},        {1, 29, "f16c"},     {1, 30, "rdrand"},  {1, 31, "hypervisor"},
    {3, 0, "lahf_lm"},     {3, 5, "abm"},       {4, 0, "fsgsbase"}, {4, 3, "bmi1"},
    {4, 5, "avx2"},        {4, 7, "smep"},      {4, 8, "bmi2"},     {4, 9, "erms"},
    {4, 10, "invpcid"},    {4, 18, "rdseed"},   {4, 19, "adx"},     {4, 20, "smap"},
    {4, 23, "clflushopt"}, {4, 29, "sha_ni"},   {5, 2, "umip"},     {5, 3, "pku"},
};

size_t gen_cpuinfo(char *buf, size_t n, const struct procfs_cpu *c)
{
    struct out o = {buf, n, 0};
    outf(&o, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n", c->vendor,
         c->family, c->model);
    outf(&o, "model name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %u.000\n", c->model_name, c->stepping,
         c->mhz);
    outf(&o, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\nflags\t\t:");
    const uint32_t w[6] = {c->edx1, c->ecx1, c->edx81, c->ecx81, c->ebx7, c->ecx7};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if ((w[flags[i].word] >> flags[i].bit) & 1) outf(&o, " %s", flags[i].name);
    outf(&o, "\n\n");
    return o.len;
}
