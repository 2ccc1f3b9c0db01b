/* procfs's text generators, parsed the way Linux tools parse /proc (man 5 proc). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gen.h"

static struct procfs_ps sample(void)
{
    struct procfs_ps p;
    memset(&p, 0, sizeof p);
    p.pid = 42;
    p.ppid = 7;
    p.pgid = 40;
    p.sid = 30;
    p.uid = 1001;
    p.euid = 1002;
    p.gid = 100;
    p.egid = 101;
    p.nthreads = 1;
    p.state = 'R';
    strcpy(p.name, "my prog) x"); /* a name with a space and a parenthesis */
    memcpy(p.cmdline, "sh\0-c\0echo hi", 13);
    p.cpu_ns = 2345000000ull;   /* 234 ticks */
    p.start_ns = 1500000000ull; /* 150 ticks */
    p.mem_bytes = 3 * 4096;
    return p;
}

static void stat_has_52_fields_and_the_values(void **state)
{
    (void)state;
    struct procfs_ps p = sample();
    char buf[1024];
    size_t n = gen_stat(buf, sizeof buf, &p);
    assert_int_equal(n, strlen(buf));
    assert_int_equal(buf[n - 1], '\n');
    /* comm ends at the last ')', as procps reads it. */
    char *close = strrchr(buf, ')');
    assert_non_null(close);
    assert_memory_equal(buf, "42 (my prog) x) ", 16);
    int fields = 2;
    for (char *s = strtok(close + 2, " \n"); s; s = strtok(NULL, " \n"))
        fields++;
    assert_int_equal(fields, 52);
    n = gen_stat(buf, sizeof buf, &p);
    char st;
    int ppid, pgrp, sid, threads;
    unsigned long long utime, stime, start, vsize;
    long rss;
    assert_int_equal(sscanf(strrchr(buf, ')') + 2,
                            "%c %d %d %d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d "
                            "%d %*d %llu %llu %ld",
                            &st, &ppid, &pgrp, &sid, &utime, &stime, &threads, &start, &vsize,
                            &rss),
                     10);
    assert_int_equal(st, 'R');
    assert_int_equal(ppid, 7);
    assert_int_equal(pgrp, 40);
    assert_int_equal(sid, 30);
    assert_int_equal(utime, 234);
    assert_int_equal(stime, 0);
    assert_int_equal(threads, 1);
    assert_int_equal(start, 150);
    assert_int_equal(vsize, 3 * 4096);
    assert_int_equal(rss, 3);
}

static const char *field(const char *buf, const char *key)
{
    static char line[256];
    size_t kl = strlen(key);
    for (const char *s = buf; *s;) {
        const char *e = strchr(s, '\n');
        if (!e) break;
        if (!strncmp(s, key, kl) && s[kl] == ':') {
            size_t n = (size_t)(e - s - (long)kl - 1);
            memcpy(line, s + kl + 1, n);
            line[n] = 0;
            return line;
        }
        s = e + 1;
    }
    return NULL;
}

static void status_fields(void **state)
{
    (void)state;
    struct procfs_ps p = sample();
    p.state = 'S';
    char buf[2048];
    gen_status(buf, sizeof buf, &p);
    assert_string_equal(field(buf, "Name"), "\tmy prog) x");
    assert_string_equal(field(buf, "State"), "\tS (sleeping)");
    assert_string_equal(field(buf, "Pid"), "\t42");
    assert_string_equal(field(buf, "PPid"), "\t7");
    assert_string_equal(field(buf, "Uid"), "\t1001\t1002\t1002\t1002");
    assert_string_equal(field(buf, "Gid"), "\t100\t101\t101\t101");
    assert_string_equal(field(buf, "VmRSS"), "\t      12 kB");
    assert_string_equal(field(buf, "Threads"), "\t1");
    assert_null(field(buf, "Bogus"));
}

static void cmdline_is_nul_separated(void **state)
{
    (void)state;
    struct procfs_ps p = sample();
    char buf[256];
    size_t n = gen_cmdline(buf, sizeof buf, &p);
    assert_int_equal(n, 14);
    assert_memory_equal(buf, "sh\0-c\0echo hi\0", 14);
    memset(p.cmdline, 0, sizeof p.cmdline);
    assert_int_equal(gen_cmdline(buf, sizeof buf, &p), 0);
}

static void meminfo_layout(void **state)
{
    (void)state;
    struct procfs_sys s = {.mem_total = 512ull << 20, .mem_free = 100ull << 20};
    char buf[1024];
    gen_meminfo(buf, sizeof buf, &s);
    /* "Key:" then spaces, a number and " kB", as procps's meminfo parser expects. */
    const char *first = "MemTotal:         524288 kB\n";
    assert_memory_equal(buf, first, strlen(first));
    unsigned long total = 0, fr = 0, avail = 0;
    char *l = strstr(buf, "MemFree:");
    assert_non_null(l);
    assert_int_equal(
        sscanf(buf, "MemTotal: %lu kB\nMemFree: %lu kB\nMemAvailable: %lu kB", &total, &fr, &avail),
        3);
    assert_int_equal(total, 524288);
    assert_int_equal(fr, 102400);
    assert_int_equal(avail, 102400);
}

static void uptime_and_loadavg(void **state)
{
    (void)state;
    struct procfs_sys s = {.uptime_ns = 123456000000ull,
                           .idle_ns = 100010000000ull,
                           .nprocs = 12,
                           .running = 2,
                           .last_pid = 77};
    char buf[256];
    gen_uptime(buf, sizeof buf, &s);
    assert_string_equal(buf, "123.45 100.01\n");
    gen_loadavg(buf, sizeof buf, &s);
    assert_string_equal(buf, "0.00 0.00 0.00 2/12 77\n");
    /* One busy process for a minute: the 1-minute average climbs towards 1. */
    for (int i = 0; i < 12; i++)
        loadavg_update(s.load, 1);
    gen_loadavg(buf, sizeof buf, &s);
    double a, b, c;
    int run, tot, last;
    assert_int_equal(sscanf(buf, "%lf %lf %lf %d/%d %d", &a, &b, &c, &run, &tot, &last), 6);
    assert_true(a > 0.6 && a < 0.65);    /* 1 - e^-1 */
    assert_true(b > 0.17 && b < 0.2);    /* 1 - e^-0.2 */
    assert_true(c > 0.055 && c < 0.075); /* 1 - e^-(1/15), to two decimals */
    assert_true(a > b && b > c);
}

static void version_and_cpuinfo(void **state)
{
    (void)state;
    char buf[2048];
    gen_version(buf, sizeof buf);
    assert_memory_equal(buf, "CLUU version ", 13);
    struct procfs_cpu c = {.vendor = "GenuineIntel",
                           .model_name = "QEMU TCG CPU",
                           .family = 6,
                           .model = 6,
                           .stepping = 3,
                           .mhz = 2500,
                           .edx1 = (1u << 0) | (1u << 25),
                           .ecx1 = 1u << 30};
    gen_cpuinfo(buf, sizeof buf, &c);
    assert_string_equal(field(buf, "vendor_id\t"), " GenuineIntel");
    assert_string_equal(field(buf, "model name\t"), " QEMU TCG CPU");
    assert_string_equal(field(buf, "cpu MHz\t\t"), " 2500.000");
    assert_string_equal(field(buf, "flags\t\t"), " fpu sse rdrand");
}

static void short_buffers_are_terminated(void **state)
{
    (void)state;
    struct procfs_ps p = sample();
    char buf[16];
    memset(buf, 'x', sizeof buf);
    size_t need = gen_status(buf, sizeof buf, &p);
    assert_true(need > sizeof buf);
    assert_int_equal(strlen(buf), sizeof buf - 1);
    char big[2048];
    assert_int_equal(gen_status(big, sizeof big, &p), need);
    assert_memory_equal(buf, big, sizeof buf - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stat_has_52_fields_and_the_values),
        cmocka_unit_test(status_fields),
        cmocka_unit_test(cmdline_is_nul_separated),
        cmocka_unit_test(meminfo_layout),
        cmocka_unit_test(uptime_and_loadavg),
        cmocka_unit_test(version_and_cpuinfo),
        cmocka_unit_test(short_buffers_are_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
