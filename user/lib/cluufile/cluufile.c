#include "cluufile.h"
#include "abi/errno.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include <stdarg.h>

static const char *const cap_names[CLUUFILE_CAP_COUNT] = {"IPC",   "VFS",    "REGISTRY",
                                                          "ADMIN", "DEVICE", "SUPERVISOR"};
static const char *const mount_modes[] = {"inherit", "private", "readonly", "none"};
static const char *const restart_names[] = {"no", "on-failure", "always"};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *cluufile_cap_name(unsigned index)
{
    return index < NELEM(cap_names) ? cap_names[index] : NULL;
}

const char *cluufile_mount_mode_name(unsigned mode)
{
    return mode < NELEM(mount_modes) ? mount_modes[mode] : NULL;
}

const char *cluufile_restart_name(unsigned policy)
{
    return policy < NELEM(restart_names) ? restart_names[policy] : NULL;
}

/* A run of characters inside the current line (not NUL-terminated). */
struct tok {
    const char *s;
    size_t n;
};

struct parser {
    struct cluufile *c;
    const char *file;
    char *err;
    size_t errlen;
    bool manifest; /* manifest syntax: no ARG/BUILD, no continuations, no substitution */
    unsigned line; /* first physical line of the instruction being parsed */
    char kw[16];   /* the instruction, as error messages spell it */
    unsigned from_line, restart_line, entry_line, name_line;
    bool other_seen; /* an instruction other than ARG or FROM */
};

static int vfail(struct parser *p, bool with_kw, const char *fmt, va_list ap)
{
    if (!p->err || !p->errlen)
        return -EINVAL;
    int n = ksnprintf(p->err, p->errlen, "%s:%u: ", p->file, p->line);
    if (with_kw && n >= 0 && (size_t)n < p->errlen)
        n += ksnprintf(p->err + n, p->errlen - n, "%s: ", p->kw);
    if (n >= 0 && (size_t)n < p->errlen)
        kvsnprintf(p->err + n, p->errlen - n, fmt, ap);
    return -EINVAL;
}

/* Reports "file:line: message"; returns -EINVAL. */
static int __attribute__((format(printf, 2, 3))) fail(struct parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfail(p, false, fmt, ap);
    va_end(ap);
    return r;
}

/* Reports "file:line: KEYWORD: message"; returns -EINVAL. */
static int __attribute__((format(printf, 2, 3))) failk(struct parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfail(p, true, fmt, ap);
    va_end(ap);
    return r;
}

/* Describes a token for "got ...": the quoted text (at most 64 characters) or end of line. */
static const char *got(char *buf, size_t n, struct tok t)
{
    if (t.n == 0)
        ksnprintf(buf, n, "end of line");
    else
        ksnprintf(buf, n, "\"%.*s%s\"", (int)(t.n > 64 ? 64 : t.n), t.s, t.n > 64 ? "..." : "");
    return buf;
}

static bool is_ws(char ch)
{
    return ch == ' ' || ch == '\t';
}

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static char lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static void skip_ws(const char **s)
{
    while (is_ws(**s))
        (*s)++;
}

/* The next whitespace-delimited word; empty at end of line. */
static struct tok next_word(const char **s)
{
    skip_ws(s);
    struct tok t = {*s, 0};
    while (t.s[t.n] && !is_ws(t.s[t.n]))
        t.n++;
    *s += t.n;
    return t;
}

static bool tok_ieq(struct tok t, const char *word)
{
    size_t i = 0;
    for (; i < t.n; i++)
        if (!word[i] || lower(t.s[i]) != lower(word[i]))
            return false;
    return word[i] == '\0';
}

static int lookup(const char *const *tab, size_t n, struct tok t)
{
    for (size_t i = 0; i < n; i++)
        if (tok_ieq(t, tab[i]))
            return (int)i;
    return -1;
}

static bool is_ident(struct tok t)
{
    if (t.n == 0 || !is_alpha(t.s[0]))
        return false;
    for (size_t i = 1; i < t.n; i++)
        if (!is_alpha(t.s[i]) && !is_digit(t.s[i]))
            return false;
    return true;
}

/* Image names: [A-Za-z0-9_][A-Za-z0-9_.-]*, plus ':' and '/' when extra is set (FROM). */
static bool is_image_name(struct tok t, bool extra)
{
    if (t.n == 0 || t.n >= CLUUFILE_NAME_MAX || !(is_alpha(t.s[0]) || is_digit(t.s[0])))
        return false;
    for (size_t i = 1; i < t.n; i++) {
        char ch = t.s[i];
        bool ok = is_alpha(ch) || is_digit(ch) || ch == '.' || ch == '-' ||
                  (extra && (ch == ':' || ch == '/'));
        if (!ok)
            return false;
    }
    return true;
}

static bool parse_uint(struct tok t, uint32_t max, uint32_t *v)
{
    uint32_t x = 0;
    if (t.n == 0)
        return false;
    for (size_t i = 0; i < t.n; i++) {
        if (!is_digit(t.s[i]))
            return false;
        uint32_t d = (uint32_t)(t.s[i] - '0');
        if (x > (max - d) / 10)
            return false;
        x = x * 10 + d;
    }
    *v = x;
    return true;
}

static int pool_putc(struct parser *p, char ch)
{
    struct cluufile *c = p->c;
    if (c->pool_used >= CLUUFILE_POOL_SIZE)
        return fail(p, "Cluufile too large (string storage of %d bytes is full)",
                    CLUUFILE_POOL_SIZE);
    c->pool[c->pool_used++] = ch;
    return 0;
}

static int pool_add(struct parser *p, const char *s, size_t n, uint16_t *off)
{
    *off = p->c->pool_used;
    for (size_t i = 0; i < n; i++)
        if (pool_putc(p, s[i]))
            return -EINVAL;
    return pool_putc(p, '\0');
}

/* Appends the value of ARG name to the pool. */
static int substitute(struct parser *p, struct tok name)
{
    struct cluufile *c = p->c;
    for (unsigned i = 0; i < c->nargs; i++) {
        const char *an = cluufile_str(c, c->args[i].name);
        if (strlen(an) == name.n && strncmp(an, name.s, name.n) == 0) {
            /* The value lies below pool_used, so appending never overwrites it. */
            for (const char *v = cluufile_str(c, c->args[i].value); *v; v++)
                if (pool_putc(p, *v))
                    return -EINVAL;
            return 0;
        }
    }
    return failk(p, "unknown variable %.*s (declare it with ARG first)", (int)name.n, name.s);
}

/* Handles '$' at **s: $$, $NAME or ${NAME}; a '$' before anything else is literal. */
static int scan_dollar(struct parser *p, const char **s)
{
    const char *q = *s + 1;
    if (*q == '$') {
        *s = q + 1;
        return pool_putc(p, '$');
    }
    bool braced = *q == '{';
    if (braced)
        q++;
    struct tok name = {q, 0};
    if (is_alpha(*q))
        for (name.n = 1; is_alpha(q[name.n]) || is_digit(q[name.n]); name.n++)
            ;
    if (!braced && name.n == 0) {
        *s = q;
        return pool_putc(p, '$');
    }
    if (name.n == 0)
        return failk(p, "expected a variable name after ${");
    q += name.n;
    if (braced) {
        if (*q != '}')
            return failk(p, "expected '}' to close ${%.*s", (int)name.n, name.s);
        q++;
    }
    *s = q;
    return substitute(p, name);
}

/* Reads one value at *s into the pool: a double-quoted string with \" and \\ escapes, or
 * (bare) everything up to whitespace. Substitutes ARGs unless parsing a manifest. */
static int scan_value(struct parser *p, const char **s, bool quoted, uint16_t *off)
{
    const char *q = *s;
    *off = p->c->pool_used;
    if (quoted)
        q++;
    for (;;) {
        char ch = *q;
        if (quoted && ch == '"') {
            q++;
            break;
        }
        if (!quoted && (ch == '\0' || is_ws(ch)))
            break;
        if (ch == '\0')
            return failk(p, "unterminated string");
        if (quoted && ch == '\\') {
            if (q[1] != '"' && q[1] != '\\') {
                if (q[1] == '\0')
                    return failk(p, "unterminated string");
                return failk(p, "unknown escape \\%c (only \\\" and \\\\ are allowed)", q[1]);
            }
            if (pool_putc(p, q[1]))
                return -EINVAL;
            q += 2;
            continue;
        }
        if (ch == '$' && !p->manifest) {
            if (scan_dollar(p, &q))
                return -EINVAL;
            continue;
        }
        if (pool_putc(p, ch))
            return -EINVAL;
        q++;
    }
    *s = q;
    return pool_putc(p, '\0');
}

/* Output that counts when buf is too small, like snprintf. */
struct out {
    char *buf;
    size_t n, pos;
};

static void out_char(struct out *o, char ch)
{
    if (o->pos < o->n)
        o->buf[o->pos] = ch;
    o->pos++;
}

static void out_str(struct out *o, const char *s)
{
    while (*s)
        out_char(o, *s++);
}

static void out_uint(struct out *o, uint32_t v)
{
    char tmp[12];
    int len = 0;
    do {
        tmp[len++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (len)
        out_char(o, tmp[--len]);
}

static void out_quoted(struct out *o, const char *s)
{
    out_char(o, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            out_char(o, '\\');
        out_char(o, *s);
    }
    out_char(o, '"');
}

static bool needs_quotes(const char *s)
{
    if (!*s)
        return true;
    for (; *s; s++)
        if (is_ws(*s) || *s == '"' || *s == '\\')
            return true;
    return false;
}

static void out_env(struct out *o, const struct cluufile *c, unsigned i)
{
    const char *v = cluufile_str(c, c->env[i].value);
    out_str(o, "env ");
    out_str(o, cluufile_str(c, c->env[i].key));
    out_char(o, '=');
    if (needs_quotes(v))
        out_quoted(o, v);
    else
        out_str(o, v);
    out_char(o, '\n');
}

static void out_entrypoint(struct out *o, const struct cluufile *c)
{
    out_str(o, "entrypoint [");
    for (unsigned i = 0; i < c->nentry; i++) {
        if (i)
            out_str(o, ", ");
        out_quoted(o, cluufile_str(c, c->entrypoint[i]));
    }
    out_str(o, "]\n");
}

/* Manifest lines must fit the line limit when read back; substitution can grow them. */
static int check_manifest_line(struct parser *p, struct out *o)
{
    if (o->pos - 1 > CLUUFILE_LINE_MAX)
        return failk(p,
                     "too long after substitution (the manifest line would exceed %d "
                     "characters)",
                     CLUUFILE_LINE_MAX);
    return 0;
}

static int do_from(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    char g[96];
    if (p->from_line)
        return failk(p, "only one FROM allowed (first on line %u)", p->from_line);
    if (!p->manifest && p->other_seen)
        return failk(p, "must come before other instructions (only ARG may precede it)");
    struct tok t = next_word(&s);
    if (!is_image_name(t, true))
        return failk(p, "expected an image name or scratch, got %s", got(g, sizeof g, t));
    struct tok extra = next_word(&s);
    if (extra.n)
        return failk(p, "unexpected %s after the image name", got(g, sizeof g, extra));
    p->from_line = p->line;
    if (tok_ieq(t, "scratch")) {
        memcpy(c->from, "scratch", 8);
    } else {
        memcpy(c->from, t.s, t.n);
        c->from[t.n] = '\0';
    }
    return 0;
}

static int do_profile(struct parser *p, const char *s)
{
    char g[96];
    bool any = false;
    for (;;) {
        struct tok t = next_word(&s);
        if (!t.n)
            break;
        int i = lookup(cap_names, NELEM(cap_names), t);
        if (i < 0)
            return failk(p, "expected IPC|VFS|REGISTRY|ADMIN|DEVICE|SUPERVISOR, got %s",
                         got(g, sizeof g, t));
        if (p->c->profile & (1u << i))
            return failk(p, "duplicate capability %s", cap_names[i]);
        p->c->profile |= 1u << i;
        any = true;
    }
    if (!any && !p->manifest)
        return failk(p, "expected one or more of IPC VFS REGISTRY ADMIN DEVICE SUPERVISOR");
    return 0;
}

static int check_path(struct parser *p, const char *path)
{
    size_t n = strlen(path);
    if (path[0] != '/')
        return failk(p, "expected an absolute path, got \"%s\"", path);
    if (n >= CLUUFILE_PATH_MAX)
        return failk(p, "path longer than %d characters", CLUUFILE_PATH_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if (is_ws(path[i]))
            return failk(p, "path \"%s\" contains whitespace", path);
    if (n > 1 && path[n - 1] == '/')
        return failk(p, "path \"%s\" has a trailing slash", path);
    for (const char *q = path; *q;) {
        const char *comp = ++q; /* q sits on a '/' */
        while (*q && *q != '/')
            q++;
        size_t len = (size_t)(q - comp);
        if (len == 0 && n > 1)
            return failk(p, "path \"%s\" has an empty component", path);
        if ((len == 1 && comp[0] == '.') || (len == 2 && comp[0] == '.' && comp[1] == '.'))
            return failk(p, "path \"%s\" has a '.' or '..' component", path);
    }
    return 0;
}

static int do_mount(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    char g[96];
    skip_ws(&s);
    if (!*s)
        return failk(p, "expected <path> inherit|private|readonly|none");
    if (c->nmounts == CLUUFILE_MOUNT_MAX)
        return failk(p, "too many mounts (max %d)", CLUUFILE_MOUNT_MAX);
    uint16_t off;
    if (scan_value(p, &s, false, &off))
        return -EINVAL;
    const char *path = cluufile_str(c, off);
    if (check_path(p, path))
        return -EINVAL;
    struct tok mode = next_word(&s);
    if (!mode.n)
        return failk(p, "expected inherit|private|readonly|none after %s", path);
    int m = lookup(mount_modes, NELEM(mount_modes), mode);
    if (m < 0)
        return failk(p, "expected inherit|private|readonly|none, got %s", got(g, sizeof g, mode));
    struct tok extra = next_word(&s);
    if (extra.n)
        return failk(p, "unexpected %s after the mode", got(g, sizeof g, extra));
    for (unsigned i = 0; i < c->nmounts; i++)
        if (strcmp(cluufile_str(c, c->mounts[i].path), path) == 0)
            return failk(p, "duplicate path %s", path);
    c->mounts[c->nmounts++] = (struct cluufile_mount){off, (uint8_t)m};
    return 0;
}

static int do_restart(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    char g[96];
    if (p->restart_line)
        return failk(p, "only one RESTART allowed (first on line %u)", p->restart_line);
    struct tok t = next_word(&s);
    int policy = lookup(restart_names, NELEM(restart_names), t);
    if (policy < 0)
        return failk(p, "expected no|on-failure|always, got %s", got(g, sizeof g, t));
    bool have_max = false, have_backoff = false;
    for (;;) {
        t = next_word(&s);
        if (!t.n)
            break;
        struct tok key = {t.s, 0};
        while (key.n < t.n && t.s[key.n] != '=')
            key.n++;
        struct tok val = {t.s + key.n + 1, key.n < t.n ? t.n - key.n - 1 : 0};
        uint32_t v;
        if (key.n < t.n && tok_ieq(key, "max")) {
            if (have_max)
                return failk(p, "max= given twice");
            if (!parse_uint(val, CLUUFILE_RESTART_MAX_LIMIT, &v) || v == 0)
                return failk(p, "max: expected a number 1..%u, got \"%.*s\"",
                             CLUUFILE_RESTART_MAX_LIMIT, (int)val.n, val.s);
            c->restart_max = (uint16_t)v;
            have_max = true;
        } else if (key.n < t.n && tok_ieq(key, "backoff")) {
            if (have_backoff)
                return failk(p, "backoff= given twice");
            if (!parse_uint(val, CLUUFILE_BACKOFF_LIMIT_MS, &v))
                return failk(p, "backoff: expected milliseconds 0..%u, got \"%.*s\"",
                             CLUUFILE_BACKOFF_LIMIT_MS, (int)val.n, val.s);
            c->restart_backoff_ms = v;
            have_backoff = true;
        } else {
            return failk(p, "expected max=<N> or backoff=<ms>, got %s", got(g, sizeof g, t));
        }
    }
    if (policy == CLUUFILE_RESTART_NO && (have_max || have_backoff))
        return failk(p, "max= and backoff= only apply to on-failure and always");
    c->restart = (uint8_t)policy;
    p->restart_line = p->line;
    return 0;
}

static int do_build(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    skip_ws(&s);
    size_t n = strlen(s);
    while (n && is_ws(s[n - 1]))
        n--;
    if (!n)
        return failk(p, "expected a command");
    if (c->nbuild == CLUUFILE_BUILD_MAX)
        return failk(p, "too many BUILD instructions (max %d)", CLUUFILE_BUILD_MAX);
    return pool_add(p, s, n, &c->build[c->nbuild++]);
}

static int entry_add(struct parser *p, const char **s, bool quoted)
{
    struct cluufile *c = p->c;
    if (c->nentry == CLUUFILE_ENTRY_MAX)
        return failk(p, "too many arguments (max %d)", CLUUFILE_ENTRY_MAX);
    return scan_value(p, s, quoted, &c->entrypoint[c->nentry++]);
}

static int entry_json(struct parser *p, const char *s)
{
    char g[96];
    s++; /* '[' */
    skip_ws(&s);
    if (*s == ']')
        return failk(p, "expected at least one string");
    for (;;) {
        skip_ws(&s);
        if (*s != '"') {
            const char *q = s;
            return failk(p, "expected a string, got %s", got(g, sizeof g, next_word(&q)));
        }
        if (entry_add(p, &s, true))
            return -EINVAL;
        skip_ws(&s);
        if (*s == ']')
            break;
        if (*s != ',') {
            const char *q = s;
            return failk(p, "expected ',' or ']', got %s", got(g, sizeof g, next_word(&q)));
        }
        s++;
    }
    s++;
    skip_ws(&s);
    if (*s) {
        const char *q = s;
        return failk(p, "unexpected %s after ']'", got(g, sizeof g, next_word(&q)));
    }
    return 0;
}

static int do_entrypoint(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    if (p->entry_line)
        return failk(p, "only one ENTRYPOINT allowed (first on line %u)", p->entry_line);
    skip_ws(&s);
    if (!*s)
        return failk(p, "expected [\"exec\", \"arg\", ...] or exec arg ...");
    if (*s == '[') {
        if (entry_json(p, s))
            return -EINVAL;
    } else {
        while (*s) {
            if (entry_add(p, &s, false))
                return -EINVAL;
            skip_ws(&s);
        }
    }
    if (!cluufile_str(c, c->entrypoint[0])[0])
        return failk(p, "the program (first element) is empty");
    struct out o = {NULL, 0, 0};
    out_entrypoint(&o, c);
    if (check_manifest_line(p, &o))
        return -EINVAL;
    p->entry_line = p->line;
    return 0;
}

/* Splits NAME=VALUE at *s, leaving *s after it; the value may be double-quoted. */
static int scan_assignment(struct parser *p, const char **s, bool need_value, const char *what,
                           const char *label, uint16_t *name, uint16_t *value, struct tok *key)
{
    char g[96];
    const char *q = *s;
    struct tok word = next_word(&q);
    key->s = word.s;
    key->n = 0;
    while (key->n < word.n && word.s[key->n] != '=')
        key->n++;
    if (!is_ident(*key) || (need_value && key->n == word.n)) {
        if (is_ident(*key))
            return failk(p, "expected %s, got %s", what, got(g, sizeof g, word));
        return failk(p, "expected %s with %s matching [A-Za-z_][A-Za-z0-9_]*, got %s", what, label,
                     got(g, sizeof g, word));
    }
    if (pool_add(p, key->s, key->n, name))
        return -EINVAL;
    q = key->s + key->n;
    if (*q != '=') {
        *s = q;
        return pool_add(p, "", 0, value);
    }
    q++;
    bool quoted = *q == '"';
    if (scan_value(p, &q, quoted, value))
        return -EINVAL;
    if (quoted && *q && !is_ws(*q)) {
        const char *r = q;
        return failk(p, "unexpected %s after the closing quote", got(g, sizeof g, next_word(&r)));
    }
    *s = q;
    return 0;
}

static int do_env(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    skip_ws(&s);
    if (!*s)
        return failk(p, "expected KEY=VALUE");
    while (*s) {
        if (c->nenv == CLUUFILE_ENV_MAX)
            return failk(p, "too many variables (max %d)", CLUUFILE_ENV_MAX);
        struct cluufile_env *e = &c->env[c->nenv];
        struct tok key;
        if (scan_assignment(p, &s, true, "KEY=VALUE", "KEY", &e->key, &e->value, &key))
            return -EINVAL;
        for (unsigned i = 0; i < c->nenv; i++)
            if (strcmp(cluufile_str(c, c->env[i].key), cluufile_str(c, e->key)) == 0)
                return failk(p, "duplicate key %.*s", (int)key.n, key.s);
        c->nenv++;
        struct out o = {NULL, 0, 0};
        out_env(&o, c, c->nenv - 1);
        if (check_manifest_line(p, &o))
            return -EINVAL;
        skip_ws(&s);
    }
    return 0;
}

static int do_arg(struct parser *p, const char *s)
{
    struct cluufile *c = p->c;
    char g[96];
    skip_ws(&s);
    if (!*s)
        return failk(p, "expected NAME[=default]");
    if (c->nargs == CLUUFILE_ARG_MAX)
        return failk(p, "too many ARGs (max %d)", CLUUFILE_ARG_MAX);
    struct cluufile_arg *a = &c->args[c->nargs];
    struct tok key;
    if (scan_assignment(p, &s, false, "NAME[=default]", "NAME", &a->name, &a->value, &key))
        return -EINVAL;
    for (unsigned i = 0; i < c->nargs; i++)
        if (strcmp(cluufile_str(c, c->args[i].name), cluufile_str(c, a->name)) == 0)
            return failk(p, "duplicate ARG %.*s", (int)key.n, key.s);
    struct tok extra = next_word(&s);
    if (extra.n)
        return failk(p, "unexpected %s after NAME[=default]", got(g, sizeof g, extra));
    c->nargs++;
    return 0;
}

static int do_name(struct parser *p, const char *s)
{
    char g[96];
    if (p->name_line)
        return failk(p, "only one name allowed (first on line %u)", p->name_line);
    struct tok t = next_word(&s);
    if (!is_image_name(t, false))
        return failk(p, "expected an image name matching [A-Za-z0-9_][A-Za-z0-9_.-]*, got %s",
                     got(g, sizeof g, t));
    struct tok extra = next_word(&s);
    if (extra.n)
        return failk(p, "unexpected %s after the name", got(g, sizeof g, extra));
    memcpy(p->c->name, t.s, t.n);
    p->c->name[t.n] = '\0';
    p->name_line = p->line;
    return 0;
}

#define IN_CLUUFILE 1
#define IN_MANIFEST 2
static const struct instr {
    const char *kw;
    int (*fn)(struct parser *p, const char *rest);
    unsigned where;
} instrs[] = {
    {"FROM", do_from, IN_CLUUFILE | IN_MANIFEST},
    {"PROFILE", do_profile, IN_CLUUFILE | IN_MANIFEST},
    {"MOUNT", do_mount, IN_CLUUFILE | IN_MANIFEST},
    {"RESTART", do_restart, IN_CLUUFILE | IN_MANIFEST},
    {"BUILD", do_build, IN_CLUUFILE},
    {"ENTRYPOINT", do_entrypoint, IN_CLUUFILE | IN_MANIFEST},
    {"ENV", do_env, IN_CLUUFILE | IN_MANIFEST},
    {"ARG", do_arg, IN_CLUUFILE},
    {"NAME", do_name, IN_MANIFEST},
};

static int parse_line(struct parser *p, const char *s)
{
    char g[96];
    unsigned where = p->manifest ? IN_MANIFEST : IN_CLUUFILE;
    struct tok kw = next_word(&s);
    for (size_t i = 0; i < NELEM(instrs); i++) {
        if (!(instrs[i].where & where) || !tok_ieq(kw, instrs[i].kw))
            continue;
        size_t k = 0;
        for (; instrs[i].kw[k]; k++)
            p->kw[k] = p->manifest ? lower(instrs[i].kw[k]) : instrs[i].kw[k];
        p->kw[k] = '\0';
        if (instrs[i].fn != do_arg && instrs[i].fn != do_from)
            p->other_seen = true;
        return instrs[i].fn(p, s);
    }
    if (p->manifest)
        return fail(p,
                    "unknown key %s (expected name, from, profile, mount, restart, env or "
                    "entrypoint)",
                    got(g, sizeof g, kw));
    return fail(p,
                "unknown instruction %s (expected FROM, PROFILE, MOUNT, RESTART, BUILD, "
                "ENTRYPOINT, ENV or ARG)",
                got(g, sizeof g, kw));
}

/* Splits text into logical lines (comments, blank lines, continuations) and parses each. */
static int parse_text(struct parser *p, const char *text, size_t len)
{
    char line[CLUUFILE_LINE_MAX + 1];
    size_t ll = 0, pos = 0;
    unsigned phys = 0, start = 0;
    bool cont = false;
    while (pos < len) {
        size_t b = pos, e = pos;
        while (e < len && text[e] != '\n')
            e++;
        pos = e < len ? e + 1 : e;
        phys++;
        if (e > b && text[e - 1] == '\r')
            e--;
        for (size_t i = b; i < e; i++) {
            unsigned char ch = (unsigned char)text[i];
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                p->line = phys;
                return fail(p, "control character 0x%02x", ch);
            }
        }
        size_t f = b;
        while (f < e && is_ws(text[f]))
            f++;
        if (f < e && text[f] == '#')
            continue; /* also inside a continuation, as Dockerfiles do */
        if (!cont) {
            if (f == e)
                continue;
            start = phys;
            ll = 0;
        }
        cont = !p->manifest && e > b && text[e - 1] == '\\';
        size_t n = e - b - (cont ? 1 : 0);
        if (n > CLUUFILE_LINE_MAX - ll) {
            p->line = start;
            return fail(p, "line too long (max %d characters)", CLUUFILE_LINE_MAX);
        }
        memcpy(line + ll, text + b, n);
        ll += n;
        if (!cont) {
            line[ll] = '\0';
            p->line = start;
            int r = parse_line(p, line);
            if (r)
                return r;
        }
    }
    if (cont) {
        line[ll] = '\0';
        p->line = start;
        const char *s = line;
        skip_ws(&s);
        if (*s) {
            int r = parse_line(p, line);
            if (r)
                return r;
        }
    }
    p->line = phys ? phys : 1;
    if (p->manifest && !p->name_line)
        return fail(p, "missing name");
    if (!p->entry_line)
        return fail(p, "missing %s (exactly one is required)",
                    p->manifest ? "entrypoint" : "ENTRYPOINT");
    return 0;
}

static int parse(bool manifest, const char *filename, const char *text, size_t len,
                 struct cluufile *out, char *err, size_t errlen)
{
    struct parser p = {
        .c = out,
        .file = filename ? filename : "Cluufile",
        .err = err,
        .errlen = errlen,
        .manifest = manifest,
    };
    if (err && errlen)
        err[0] = '\0';
    memset(out, 0, sizeof *out);
    memcpy(out->from, "scratch", 8);
    return parse_text(&p, text, len);
}

int cluufile_parse(const char *filename, const char *text, size_t len, struct cluufile *out,
                   char *err, size_t errlen)
{
    return parse(false, filename, text, len, out, err, errlen);
}

int cluufile_parse_manifest(const char *filename, const char *text, size_t len,
                            struct cluufile *out, char *err, size_t errlen)
{
    return parse(true, filename, text, len, out, err, errlen);
}

int cluufile_set_name(struct cluufile *c, const char *name)
{
    struct tok t = {name, strlen(name)};
    if (!is_image_name(t, false))
        return -EINVAL;
    memcpy(c->name, name, t.n + 1);
    return 0;
}

/* Sorts idx[0..n) by the pool string at offs[idx[i]] (insertion sort; n is small). */
static void sort_by(const struct cluufile *c, uint8_t *idx, unsigned n,
                    uint16_t (*key)(const struct cluufile *, unsigned))
{
    for (unsigned i = 0; i < n; i++)
        idx[i] = (uint8_t)i;
    for (unsigned i = 1; i < n; i++) {
        uint8_t v = idx[i];
        unsigned j = i;
        while (j && strcmp(cluufile_str(c, key(c, idx[j - 1])), cluufile_str(c, key(c, v))) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

static uint16_t mount_key(const struct cluufile *c, unsigned i)
{
    return c->mounts[i].path;
}

static uint16_t env_key(const struct cluufile *c, unsigned i)
{
    return c->env[i].key;
}

int cluufile_normalise(const struct cluufile *c, char *buf, size_t n)
{
    struct tok name = {c->name, strlen(c->name)};
    if (!is_image_name(name, false) || c->nentry == 0 || c->nmounts > CLUUFILE_MOUNT_MAX ||
        c->nenv > CLUUFILE_ENV_MAX || c->nentry > CLUUFILE_ENTRY_MAX ||
        c->restart >= NELEM(restart_names))
        return -EINVAL;
    struct out o = {buf, n, 0};
    uint8_t idx[CLUUFILE_ENV_MAX];
    out_str(&o, "name ");
    out_str(&o, c->name);
    out_str(&o, "\nfrom ");
    out_str(&o, c->from);
    out_str(&o, "\nprofile");
    for (unsigned i = 0; i < CLUUFILE_CAP_COUNT; i++) {
        if (c->profile & (1u << i)) {
            out_char(&o, ' ');
            out_str(&o, cap_names[i]);
        }
    }
    out_char(&o, '\n');
    sort_by(c, idx, c->nmounts, mount_key);
    for (unsigned i = 0; i < c->nmounts; i++) {
        const struct cluufile_mount *m = &c->mounts[idx[i]];
        out_str(&o, "mount ");
        out_str(&o, cluufile_str(c, m->path));
        out_char(&o, ' ');
        out_str(&o, m->mode < NELEM(mount_modes) ? mount_modes[m->mode] : "none");
        out_char(&o, '\n');
    }
    out_str(&o, "restart ");
    out_str(&o, restart_names[c->restart]);
    if (c->restart != CLUUFILE_RESTART_NO && c->restart_max) {
        out_str(&o, " max=");
        out_uint(&o, c->restart_max);
    }
    if (c->restart != CLUUFILE_RESTART_NO && c->restart_backoff_ms) {
        out_str(&o, " backoff=");
        out_uint(&o, c->restart_backoff_ms);
    }
    out_char(&o, '\n');
    sort_by(c, idx, c->nenv, env_key);
    for (unsigned i = 0; i < c->nenv; i++)
        out_env(&o, c, idx[i]);
    out_entrypoint(&o, c);
    if (o.pos >= n) {
        if (n)
            buf[0] = '\0';
        return -ENOSPC;
    }
    buf[o.pos] = '\0';
    return (int)o.pos;
}
