#include "usercopy.h"
#include "abi/cap.h"
#include "abi/errno.h"

long copy_user_raw(void *dst, const void *src, size_t n);
extern char copy_user_insn[], copy_user_fixup[];

static int user_range_ok(uint64_t a, size_t n)
{
    if (a == 0 || a >= USER_TOP)
        return 0;
    return n <= USER_TOP - a;
}

long copy_from_user(void *dst, uint64_t usrc, size_t n)
{
    if (n == 0)
        return 0;
    if (!user_range_ok(usrc, n))
        return -EFAULT;
    return copy_user_raw(dst, (const void *)usrc, n);
}

long copy_to_user(uint64_t udst, const void *src, size_t n)
{
    if (n == 0)
        return 0;
    if (!user_range_ok(udst, n))
        return -EFAULT;
    return copy_user_raw((void *)udst, src, n);
}

int usercopy_fixup(uint64_t *rip)
{
    if (*rip != (uint64_t)copy_user_insn)
        return 0;
    *rip = (uint64_t)copy_user_fixup;
    return 1;
}
