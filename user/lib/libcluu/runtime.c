#include "cluu.h"
#include "lib/fmt.h"
#include "lib/string.h"

void cluu_main_entry(const struct boot_user_info *bi);

void dprintf_k(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    sys_debug_write((uint64_t)buf, (uint64_t)n);
}

void thread_exit(long code)
{
    for (;;)
        sys_exit_thread((uint64_t)code);
}

void cluu_main_entry(const struct boot_user_info *bi)
{
    thread_exit(main(bi));
}
