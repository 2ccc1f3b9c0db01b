#define _XOPEN_SOURCE 700
// dmesg: prints the kernel log: what the kernel printed and what programs wrote to the
// console with debug_write, the newest 64 KiB of it (kernel/core/klog.c). The log is read
// whole before anything is written, so dmesg never reads its own output back when its
// stdout is the console. A line cut by the ring's wrap-around is left out.
#include "util.h"
#include "user/syscall_stubs.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    prog_init("dmesg", "");
    while (next_opt(argc, argv, "") != -1)
        ;
    if (optind != argc) usage();
    // Twice the ring, in case other programs add to it while it is read.
    static char buf[128 << 10];
    size_t have = 0;
    uint64_t pos = 0;
    bool cut = false;
    while (have < sizeof buf) {
        uint64_t asked = pos;
        long n = sys_log_read((uint64_t)(uintptr_t)&pos, (uint64_t)(uintptr_t)(buf + have),
                              sizeof buf - have);
        if (n < 0) {
            errno = (int)-n;
            die_errno("reading the kernel log");
        }
        if (n == 0) break;
        // The first read starts at the oldest byte still kept when the log has wrapped.
        if (have == 0 && pos - (uint64_t)n > asked) cut = true;
        have += (size_t)n;
    }
    const char *p = buf;
    if (cut) {
        const char *nl = memchr(buf, '\n', have);
        p = nl ? nl + 1 : buf + have;
    }
    if (write_all(1, p, (size_t)(buf + have - p)) < 0) die_errno("write error");
    return 0;
}
