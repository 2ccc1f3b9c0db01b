#pragma once
#include "buffer.h"

enum hl_class { HL_NORMAL, HL_COMMENT, HL_KEYWORD, HL_TYPE, HL_STRING, HL_NUMBER, HL_PREPROC };

struct syntax;

/* The language for a file name and its first line, or NULL for plain text. */
const struct syntax *syntax_detect(const char *filename, const char *first_line);
const char *syntax_name(const struct syntax *syn);
/* Bring the highlight of lines up to and including row up to date. */
void syntax_update(const struct syntax *syn, struct buffer *b, int row);
/* SGR colour parameter for a class (e.g. "36"), or NULL for the default colour. */
const char *syntax_color(enum hl_class c);
