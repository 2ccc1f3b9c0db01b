#include "syntax.h"

#include <ctype.h>
#include <string.h>

enum {
    SYN_NUMBERS = 1,   /* highlight numeric literals */
    SYN_PREPROC = 2,   /* a line starting with # is a preprocessor line */
    SYN_TRIPLE = 4,    /* ''' and """ strings span lines */
    SYN_FIRSTWORD = 8, /* an upper-case first word is an instruction */
    SYN_VARS = 16,     /* $NAME and ${...} are variables */
};

/* Open-state values kept in line.hl_open. */
enum { OPEN_NONE, OPEN_COMMENT, OPEN_TRIPLE1, OPEN_TRIPLE2 };

struct syntax {
    const char *name;
    const char *const *exts;     /* file name suffixes, or whole names */
    const char *const *shebangs; /* interpreter names on a #! first line */
    const char *const *keywords;
    const char *const *types;
    const char *line_comment, *block_start, *block_end;
    int flags;
};

static const char *const c_exts[] = {".c", ".h", NULL};
static const char *const c_kw[] = {"if",
                                   "else",
                                   "for",
                                   "while",
                                   "do",
                                   "switch",
                                   "case",
                                   "default",
                                   "break",
                                   "continue",
                                   "return",
                                   "goto",
                                   "sizeof",
                                   "typedef",
                                   "struct",
                                   "union",
                                   "enum",
                                   "static",
                                   "extern",
                                   "const",
                                   "volatile",
                                   "register",
                                   "inline",
                                   "restrict",
                                   "_Static_assert",
                                   "_Noreturn",
                                   "_Alignas",
                                   "_Alignof",
                                   "_Atomic",
                                   "_Generic",
                                   "_Thread_local",
                                   NULL};
static const char *const c_types[] = {
    "void",    "char",     "short",     "int",      "long",     "float",   "double",
    "signed",  "unsigned", "_Bool",     "bool",     "size_t",   "ssize_t", "off_t",
    "pid_t",   "uint8_t",  "uint16_t",  "uint32_t", "uint64_t", "int8_t",  "int16_t",
    "int32_t", "int64_t",  "uintptr_t", "intptr_t", NULL};

static const char *const sh_exts[] = {".sh", ".profile", ".shrc", NULL};
static const char *const sh_bangs[] = {"sh", "bash", "dash", "ash", "ksh", NULL};
static const char *const sh_kw[] = {
    "if",    "then",   "else",     "elif",  "fi",   "for",      "in",     "do",
    "done",  "while",  "until",    "case",  "esac", "function", "return", "exit",
    "local", "export", "readonly", "shift", "set",  "unset",    "break",  "continue",
    "trap",  "exec",   "eval",     "cd",    "echo", "test",     NULL};

static const char *const py_exts[] = {".py", NULL};
static const char *const py_bangs[] = {"python", "python3", NULL};
static const char *const py_kw[] = {
    "and",    "as",   "assert", "async",  "await",    "break", "class", "continue", "def",
    "del",    "elif", "else",   "except", "finally",  "for",   "from",  "global",   "if",
    "import", "in",   "is",     "lambda", "nonlocal", "not",   "or",    "pass",     "raise",
    "return", "try",  "while",  "with",   "yield",    NULL};
static const char *const py_types[] = {"None", "True", "False", "self", "int",   "str",  "float",
                                       "list", "dict", "tuple", "set",  "bytes", "bool", NULL};

static const char *const cf_exts[] = {"Cluufile", NULL};
static const char *const cf_types[] = {"inherit",    "no",      "yes", "always",
                                       "on-failure", "scratch", NULL};

static const struct syntax langs[] = {
    {"c", c_exts, NULL, c_kw, c_types, "//", "/*", "*/", SYN_NUMBERS | SYN_PREPROC},
    {"sh", sh_exts, sh_bangs, sh_kw, NULL, "#", NULL, NULL, SYN_NUMBERS | SYN_VARS},
    {"python", py_exts, py_bangs, py_kw, py_types, "#", NULL, NULL, SYN_NUMBERS | SYN_TRIPLE},
    {"cluufile", cf_exts, NULL, NULL, cf_types, "#", NULL, NULL, SYN_FIRSTWORD | SYN_VARS},
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The interpreter's base name on a "#!" line (e.g. "/usr/bin/env python3" gives python3). */
static int shebang_matches(const char *line, const char *const *names)
{
    char word[64];
    const char *p = line + 2, *last = NULL;
    size_t n = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (p > w) {
            const char *slash = w;
            for (const char *q = w; q < p; q++)
                if (*q == '/') slash = q + 1;
            if (!last || strncmp(last, "env", 3) == 0) {
                n = (size_t)(p - slash) < sizeof word - 1 ? (size_t)(p - slash) : sizeof word - 1;
                memcpy(word, slash, n);
                word[n] = '\0';
                last = slash;
                if (strcmp(word, "env") != 0) break;
            }
        }
    }
    if (!last) return 0;
    for (int i = 0; names[i]; i++)
        if (strcmp(word, names[i]) == 0) return 1;
    return 0;
}

const struct syntax *syntax_detect(const char *filename, const char *first_line)
{
    const char *base = NULL;
    if (filename) {
        base = strrchr(filename, '/');
        base = base ? base + 1 : filename;
    }
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        for (int e = 0; base && langs[i].exts[e]; e++) {
            const char *x = langs[i].exts[e];
            if (x[0] == '.' ? ends_with(base, x) : strcmp(base, x) == 0) return &langs[i];
        }
        if (first_line && strncmp(first_line, "#!", 2) == 0 && langs[i].shebangs &&
            shebang_matches(first_line, langs[i].shebangs))
            return &langs[i];
    }
    return NULL;
}

const char *syntax_name(const struct syntax *syn)
{
    return syn ? syn->name : "text";
}

const char *syntax_color(enum hl_class c)
{
    switch (c) {
    case HL_COMMENT:
        return "36";
    case HL_KEYWORD:
        return "33";
    case HL_TYPE:
        return "32";
    case HL_STRING:
        return "35";
    case HL_NUMBER:
        return "31";
    case HL_PREPROC:
        return "34";
    default:
        return NULL;
    }
}

static int is_word(int c)
{
    return isalnum(c) || c == '_';
}

static int starts(const char *s, size_t len, size_t i, const char *p)
{
    size_t n = strlen(p);
    return i + n <= len && memcmp(s + i, p, n) == 0;
}

/* Length of the word at s[i] if it is in the list. */
static size_t match_word(const char *s, size_t len, size_t i, const char *const *list)
{
    size_t n = 0;
    while (i + n < len && is_word((unsigned char)s[i + n]))
        n++;
    for (int k = 0; list && list[k]; k++)
        if (strlen(list[k]) == n && memcmp(s + i, list[k], n) == 0) return n;
    return 0;
}

/* Highlight one line given the state at its start; returns the state at its end. */
static int highlight_line(const struct syntax *syn, struct line *l, int open)
{
    const char *s = l->s;
    size_t len = l->len, i = 0;
    unsigned char *hl = l->hl;
    memset(hl, HL_NORMAL, len);

    size_t first = 0;
    while (first < len && (s[first] == ' ' || s[first] == '\t'))
        first++;
    if (open == OPEN_NONE && (syn->flags & SYN_PREPROC) && first < len && s[first] == '#') {
        /* A preprocessor line, unless a comment starts on it. */
        while (i < len && !starts(s, len, i, syn->line_comment) &&
               !starts(s, len, i, syn->block_start))
            hl[i++] = HL_PREPROC;
    }
    if (open == OPEN_NONE && (syn->flags & SYN_FIRSTWORD)) {
        size_t k = first;
        while (k < len && (isupper((unsigned char)s[k]) || s[k] == '_'))
            k++;
        if (k > first && (k == len || s[k] == ' ' || s[k] == '\t'))
            memset(hl + first, HL_KEYWORD, k - first);
        i = k;
    }

    int prev_sep = 1;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (open == OPEN_COMMENT) {
            hl[i] = HL_COMMENT;
            if (starts(s, len, i, syn->block_end)) {
                size_t n = strlen(syn->block_end);
                memset(hl + i, HL_COMMENT, n);
                i += n;
                open = OPEN_NONE;
            } else {
                i++;
            }
            continue;
        }
        if (open == OPEN_TRIPLE1 || open == OPEN_TRIPLE2) {
            const char *q = open == OPEN_TRIPLE1 ? "'''" : "\"\"\"";
            if (starts(s, len, i, q)) {
                memset(hl + i, HL_STRING, 3);
                i += 3;
                open = OPEN_NONE;
            } else {
                hl[i] = HL_STRING;
                i += (s[i] == '\\' && i + 1 < len) ? 2 : 1;
                if (i <= len) hl[i - 1] = HL_STRING;
            }
            continue;
        }
        if (syn->line_comment && starts(s, len, i, syn->line_comment) &&
            (syn->line_comment[0] != '#' || prev_sep)) {
            memset(hl + i, HL_COMMENT, len - i);
            break;
        }
        if (syn->block_start && starts(s, len, i, syn->block_start)) {
            size_t n = strlen(syn->block_start);
            memset(hl + i, HL_COMMENT, n);
            i += n;
            open = OPEN_COMMENT;
            continue;
        }
        if ((syn->flags & SYN_TRIPLE) &&
            (starts(s, len, i, "'''") || starts(s, len, i, "\"\"\""))) {
            open = s[i] == '\'' ? OPEN_TRIPLE1 : OPEN_TRIPLE2;
            memset(hl + i, HL_STRING, 3);
            i += 3;
            continue;
        }
        if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < len && (unsigned char)s[j] != c) {
                if (s[j] == '\\' && c == '"' && j + 1 < len) j++;
                j++;
            }
            j = j < len ? j + 1 : len;
            memset(hl + i, HL_STRING, j - i);
            i = j;
            prev_sep = 0;
            continue;
        }
        if ((syn->flags & SYN_VARS) && c == '$' && i + 1 < len) {
            size_t j = i + 1;
            if (s[j] == '{') {
                while (j < len && s[j] != '}')
                    j++;
                j = j < len ? j + 1 : len;
            } else {
                while (j < len && is_word((unsigned char)s[j]))
                    j++;
                if (j == i + 1 && j < len) j++; /* $?, $# and the like */
            }
            memset(hl + i, HL_TYPE, j - i);
            i = j;
            prev_sep = 0;
            continue;
        }
        if ((syn->flags & SYN_NUMBERS) && prev_sep && isdigit(c)) {
            size_t j = i;
            while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '.'))
                j++;
            memset(hl + i, HL_NUMBER, j - i);
            i = j;
            prev_sep = 0;
            continue;
        }
        if (prev_sep && is_word(c)) {
            size_t n = match_word(s, len, i, syn->keywords);
            enum hl_class cl = HL_KEYWORD;
            if (!n) {
                n = match_word(s, len, i, syn->types);
                cl = HL_TYPE;
            }
            if (n) {
                memset(hl + i, cl, n);
                i += n;
                prev_sep = 0;
                continue;
            }
        }
        prev_sep = !is_word(c) && c < 0x80;
        i++;
    }
    return open;
}

void syntax_update(const struct syntax *syn, struct buffer *b, int row)
{
    if (row >= b->nlines) row = b->nlines - 1;
    for (int r = b->hl_valid; r <= row; r++) {
        struct line *l = &b->lines[r];
        if (!syn) {
            memset(l->hl, HL_NORMAL, l->len);
            l->hl_open = OPEN_NONE;
            continue;
        }
        int open = r > 0 ? b->lines[r - 1].hl_open : OPEN_NONE;
        l->hl_open = highlight_line(syn, l, open);
    }
    if (row + 1 > b->hl_valid) b->hl_valid = row + 1;
}
