#pragma once
#include <stddef.h>
#include <stdint.h>

/* Byte length of the sequence starting at s[i] (1 for an invalid byte). */
size_t utf8_seqlen(const char *s, size_t len, size_t i);
/* Decode the character at s[i]; an invalid byte decodes to U+FFFD and length 1. */
uint32_t utf8_decode(const char *s, size_t len, size_t i, size_t *n);
/* Offset of the character before offset i (0 when i is 0). */
size_t utf8_prev(const char *s, size_t i);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Terminal columns taken by cp: 0 for combining marks, 2 for wide, else 1. */
int utf8_width(uint32_t cp);
/* Display column of byte offset col on a line, with tabs to the next multiple of tabstop. */
int utf8_col_to_rx(const char *s, size_t len, size_t col, int tabstop);
/* Byte offset of the character covering display column rx (len when past the end). */
size_t utf8_rx_to_col(const char *s, size_t len, int rx, int tabstop);
