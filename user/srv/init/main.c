/* init: the first process. For now it reports what the kernel handed it. */
#include "cluu.h"

int main(const struct boot_user_info *bi)
{
    dprintf_k("init: started, %lu boot modules, %lu MiB of untyped memory\n", bi->nmodules,
              bi->untyped_bytes >> 20);
    long left = invoke0(BOOT_CAP_UNTYPED, UNTYPED_INFO);
    dprintf_k("init: untyped reports %ld bytes\n", left);
    return 0;
}
