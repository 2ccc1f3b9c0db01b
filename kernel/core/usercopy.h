#pragma once
#include <stddef.h>
#include <stdint.h>

/* The only way the kernel touches user memory: 0, or -EFAULT for a null, kernel,
 * non-canonical, wrapping or unmapped range (a fault inside is caught, never fatal). */
long copy_from_user(void *dst, uint64_t usrc, size_t n);
long copy_to_user(uint64_t udst, const void *src, size_t n);
/* True when rip is the faulting instruction of the copy routine; sets the fixup. */
int usercopy_fixup(uint64_t *rip);
