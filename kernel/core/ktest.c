#include "ktest.h"
#include "log.h"

extern const struct ktest __ktests_start[], __ktests_end[];
static int failed_now;

void ktest_fail(const char *cond, const char *file, int line)
{
    kprintf("ktest:   assertion failed: %s (%s:%d)\n", cond, file, line);
    failed_now = 1;
}

int ktest_run_all(void)
{
    int pass = 0, fail = 0;
    for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
        failed_now = 0;
        t->fn();
        kprintf("ktest: %-40s %s\n", t->name, failed_now ? "FAIL" : "ok");
        if (failed_now)
            fail++;
        else
            pass++;
    }
    kprintf("ktest: %d passed, %d failed\n", pass, fail);
    return fail;
}
