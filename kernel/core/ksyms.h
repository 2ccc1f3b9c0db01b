#pragma once
#include <stdint.h>

/* Name of the function containing addr and the offset into it; NULL when unknown. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);
