#pragma once
#include <stdint.h>
#include "ksyms.h"

/* Prints rip and then the frame-pointer chain starting at rbp, symbolised. */
void backtrace_print(uint64_t rip, uint64_t rbp);
