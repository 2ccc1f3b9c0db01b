/* Time: clock_gettime, clock_getres, gettimeofday, nanosleep, clock_nanosleep.
 *
 * Every clock is the kernel's clock system call (nanoseconds since boot). CLOCK_REALTIME
 * adds the wall-clock time the kernel read from the CMOS RTC at boot, which procmgr passes
 * in the auxiliary vector (AT_CLUU_EPOCH, AT_CLUU_EPOCH_NS); 0 there means the clock is
 * unknown (realtime then starts at 1970). The CPU-time clocks are the calling thread's CPU time
 * (THREAD_STATS). Sleeps wait on a private futex word with a timeout. */
#include "glue.h"

#include "abi/auxv.h"

#define NS 1000000000ull

unsigned long getauxval(unsigned long type); /* musl's */

uint64_t glue_realtime_ns(void)
{
    static uint64_t epoch_s = ~0ull, epoch_ns;
    if (epoch_s == ~0ull) {
        epoch_ns = getauxval(AT_CLUU_EPOCH_NS);
        epoch_s = getauxval(AT_CLUU_EPOCH);
    }
    uint64_t now = sys_clock();
    return epoch_s * NS + (now > epoch_ns ? now - epoch_ns : 0);
}

static long clock_ns(int clk, uint64_t *ns)
{
    switch (clk) {
    case L_CLOCK_REALTIME:
    case L_CLOCK_REALTIME_COARSE:
        *ns = glue_realtime_ns();
        return 0;
    case L_CLOCK_MONOTONIC:
    case L_CLOCK_MONOTONIC_RAW:
    case L_CLOCK_MONOTONIC_COARSE:
    case L_CLOCK_BOOTTIME:
        *ns = sys_clock();
        return 0;
    case L_CLOCK_PROCESS_CPUTIME_ID:
    case L_CLOCK_THREAD_CPUTIME_ID: {
        long r = invoke0(glue_self_thread(), THREAD_STATS);
        if (r < 0) return r;
        *ns = (uint64_t)r;
        return 0;
    }
    default:
        return -EINVAL;
    }
}

long glue_clock_gettime(int clk, struct l_timespec *ts)
{
    uint64_t ns;
    long r = clock_ns(clk, &ns);
    if (r < 0) return r;
    ts->tv_sec = (int64_t)(ns / NS);
    ts->tv_nsec = (int64_t)(ns % NS);
    return 0;
}

long glue_clock_getres(int clk, struct l_timespec *ts)
{
    uint64_t ns;
    long r = clock_ns(clk, &ns);
    if (r < 0) return r;
    if (ts) *ts = (struct l_timespec){0, 1};
    return 0;
}

long glue_gettimeofday(struct l_timeval *tv, void *tz)
{
    (void)tz;
    if (tv) {
        uint64_t ns = glue_realtime_ns();
        tv->tv_sec = (int64_t)(ns / NS);
        tv->tv_usec = (int64_t)(ns % NS / 1000);
    }
    return 0;
}

long glue_nanosleep(int clk, int flags, const struct l_timespec *req, struct l_timespec *rem)
{
    if (!req) return -EFAULT;
    if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (int64_t)NS) return -EINVAL;
    uint64_t now;
    long r = clock_ns(clk, &now);
    if (r < 0) return r;
    if (clk == L_CLOCK_THREAD_CPUTIME_ID || clk == L_CLOCK_PROCESS_CPUTIME_ID) return -ENOSYS;
    uint64_t want = (uint64_t)req->tv_nsec;
    want +=
        (uint64_t)req->tv_sec > (~0ull - want) / NS - 1 ? ~0ull / 2 : (uint64_t)req->tv_sec * NS;
    /* Clocks advance together, so a deadline on one is a deadline on the monotonic clock. */
    uint64_t deadline = (flags & L_TIMER_ABSTIME)
                            ? (want > now ? sys_clock() + (want - now) : sys_clock())
                            : sys_clock() + want;
    for (;;) {
        uint64_t t = sys_clock();
        if (t >= deadline) return 0;
        r = glue_sleep_ns(deadline - t);
        if (r == -EINTR) {
            t = sys_clock();
            if (rem && !(flags & L_TIMER_ABSTIME)) {
                uint64_t left = deadline > t ? deadline - t : 0;
                *rem = (struct l_timespec){(int64_t)(left / NS), (int64_t)(left % NS)};
            }
            return -EINTR;
        }
    }
}
