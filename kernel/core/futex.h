#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Holds (or releases) the frame behind a futex key while a thread waits on it: a reference
 * so the frame cannot be freed and reused, and a pin so a vspace clone copies it rather
 * than making it copy-on-write. */
void futex_hold(uint64_t key, bool hold);
