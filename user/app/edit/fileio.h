#pragma once
#include <stddef.h>

#include "buffer.h"

/* Read path into b. Returns 0, or an errno value with b unchanged (ENOENT: no such file). */
int file_load(struct buffer *b, const char *path);
/* Write b to path atomically: a temporary file in the same directory, fsync, rename.
 * An existing file keeps its mode. Returns 0 (with the byte count in *written) or an
 * errno value, with the original file untouched. */
int file_save(const struct buffer *b, const char *path, size_t *written);
