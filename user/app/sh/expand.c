/* Word expansion: tilde, parameters, command substitution, arithmetic, splitting, globbing. */
#define _POSIX_C_SOURCE 200809L
#include "expand.h"
#include "exec.h"
#include "parse.h"
#include "shell.h"
#include "vars.h"

#include <fnmatch.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { M_FIELDS, M_STR, M_PATTERN, M_HEREDOC };

struct xctx {
    enum mode mode;
    char *s;          /* current field */
    unsigned char *q; /* per character: came from quotes */
    size_t len, cap;
    int touched;    /* the current field exists even if empty */
    int just_split; /* a blank IFS delimiter ended the previous field */
    int empty_at;   /* "$@" with no parameters: an empty quoted field vanishes */
    int err;
    int in_param_word; /* expanding the word of ${x-word}: its literals split too */
    struct strvec *out;
};

static void oom(void)
{
    fputs("sh: out of memory\n", stderr);
    exit(2);
}

void sv_push(struct strvec *sv, char *s)
{
    if (sv->n + 2 > sv->cap) {
        sv->cap = sv->cap ? sv->cap * 2 : 8;
        char **nv = realloc(sv->v, sizeof(char *) * (size_t)sv->cap);
        if (!nv) oom();
        sv->v = nv;
    }
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
}

void sv_free(struct strvec *sv)
{
    for (int i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

static void addc(struct xctx *x, char c, int quoted)
{
    if (x->len + 2 > x->cap) {
        x->cap = x->cap ? x->cap * 2 : 64;
        x->s = realloc(x->s, x->cap);
        x->q = realloc(x->q, x->cap);
        if (!x->s || !x->q) oom();
    }
    x->s[x->len] = c;
    x->q[x->len++] = (unsigned char)quoted;
    x->s[x->len] = 0;
    x->touched = 1;
    x->just_split = 0;
}

static void adds(struct xctx *x, const char *s, int quoted)
{
    while (*s)
        addc(x, *s++, quoted);
}

static char *plain_string(struct xctx *x)
{
    char *r = malloc(x->len + 1);
    if (!r) oom();
    memcpy(r, x->s ? x->s : "", x->len);
    r[x->len] = 0;
    return r;
}

/* Quoted glob characters escaped, unquoted ones active. */
static char *pattern_string(struct xctx *x)
{
    char *r = malloc(x->len * 2 + 1);
    if (!r) oom();
    size_t k = 0;
    for (size_t i = 0; i < x->len; i++) {
        if (x->q[i] && strchr("*?[]\\", x->s[i])) r[k++] = '\\';
        r[k++] = x->s[i];
    }
    r[k] = 0;
    return r;
}

static void end_field(struct xctx *x)
{
    int glob_it = 0;
    if (!sh.opt_f)
        for (size_t i = 0; i < x->len; i++)
            if (!x->q[i] && strchr("*?[", x->s[i])) glob_it = 1;
    if (glob_it) {
        char *pat = pattern_string(x);
        glob_t g;
        if (glob(pat, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++) {
                char *m = strdup(g.gl_pathv[i]);
                if (!m) oom();
                sv_push(x->out, m);
            }
            globfree(&g);
            free(pat);
            goto reset;
        }
        free(pat);
    }
    sv_push(x->out, plain_string(x));
reset:
    x->len = 0;
    x->touched = 0;
}

static const char *ifs(void)
{
    const char *v = var_get("IFS");
    return v ? v : " \t\n";
}

/* Append the result of an expansion; unquoted results are split into fields. */
static void add_expanded(struct xctx *x, const char *val, int quoted)
{
    if (quoted || x->mode != M_FIELDS) {
        adds(x, val, quoted);
        if (quoted) x->touched = 1;
        return;
    }
    const char *sep = ifs();
    for (; *val; val++) {
        char c = *val;
        if (!strchr(sep, c)) {
            addc(x, c, 0);
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n') {
            if (x->touched) {
                end_field(x);
                x->just_split = 1;
            }
        } else if (x->just_split) {
            x->just_split = 0;
        } else {
            end_field(x);
        }
    }
}

static void expand_part(struct xctx *x, const char *s, size_t n, int dq);

static char *numstr(long v)
{
    char *r = malloc(24);
    if (!r) oom();
    snprintf(r, 24, "%ld", v);
    return r;
}

/* Value of a special or positional parameter; malloc'd, or NULL when unset. */
static char *special_param(const char *name)
{
    char buf[64];
    if (strcmp(name, "?") == 0) return numstr(sh.status);
    if (strcmp(name, "$") == 0) return numstr((long)sh.rootpid);
    if (strcmp(name, "!") == 0) return sh.lastbg ? numstr((long)sh.lastbg) : NULL;
    if (strcmp(name, "#") == 0) return numstr(pos_params.n);
    if (strcmp(name, "-") == 0) {
        sh_flags(buf, sizeof(buf));
        return strdup(buf);
    }
    if (strcmp(name, "0") == 0) return strdup(sh.arg0 ? sh.arg0 : "sh");
    if (name[0] >= '1' && name[0] <= '9') {
        long i = strtol(name, NULL, 10);
        return i <= pos_params.n ? strdup(pos_params.v[i - 1]) : NULL;
    }
    if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
        size_t len = 1;
        for (int i = 0; i < pos_params.n; i++)
            len += strlen(pos_params.v[i]) + 1;
        char *r = malloc(len);
        if (!r) oom();
        r[0] = 0;
        const char *sep = ifs();
        for (int i = 0; i < pos_params.n; i++) {
            if (i && *sep) {
                size_t l = strlen(r);
                r[l] = *sep;
                r[l + 1] = 0;
            }
            strcat(r, pos_params.v[i]);
        }
        return r;
    }
    const char *v = var_get(name);
    return v ? strdup(v) : NULL;
}

static size_t name_len(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (strchr("@*#?-$!", s[0])) return 1;
    if (s[0] >= '0' && s[0] <= '9') {
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        return i;
    }
    size_t i = 0;
    while (i < n && parse_is_name(s, i + 1))
        i++;
    return i;
}

static void add_params(struct xctx *x, int star, int dq)
{
    if (star && dq) {
        char *v = special_param("*");
        adds(x, v, 1);
        x->touched = 1;
        free(v);
        return;
    }
    if (pos_params.n == 0 && dq) x->empty_at = 1;
    for (int i = 0; i < pos_params.n; i++) {
        if (i > 0) {
            if (x->mode == M_FIELDS && (dq || x->touched))
                end_field(x);
            else if (x->mode != M_FIELDS && !star)
                addc(x, ' ', dq);
            else if (x->mode != M_FIELDS && *ifs())
                addc(x, *ifs(), dq); /* $* unsplit: joined by IFS's first character */
        }
        add_expanded(x, pos_params.v[i], dq);
        if (dq) x->touched = 1;
    }
}

static int unset_error(struct xctx *x, const char *name)
{
    fprintf(stderr, "sh: %s: parameter not set\n", name);
    x->err = 1;
    return -1;
}

/* Strip the shortest or longest prefix or suffix matching pat. */
static char *remove_pattern(const char *val, const char *pat, char op, int longest)
{
    size_t len = strlen(val);
    char *tmp = strdup(val);
    if (!tmp) oom();
    if (op == '#') {
        for (size_t k = 0; k <= len; k++) {
            size_t i = longest ? len - k : k;
            char c = tmp[i];
            tmp[i] = 0;
            int m = fnmatch(pat, tmp, 0) == 0;
            tmp[i] = c;
            if (m) {
                memmove(tmp, tmp + i, len - i + 1);
                return tmp;
            }
        }
    } else {
        for (size_t k = 0; k <= len; k++) {
            size_t i = longest ? k : len - k;
            if (fnmatch(pat, val + i, 0) == 0) {
                tmp[i] = 0;
                return tmp;
            }
        }
    }
    return tmp;
}

static char *expand_sub(const char *s, size_t n, enum mode mode);

/* ${...}: body is the text between the braces. */
static void expand_braced(struct xctx *x, const char *body, size_t n, int dq)
{
    int length = 0;
    if (n > 1 && body[0] == '#' && body[1] != '}') {
        length = 1;
        body++;
        n--;
    }
    size_t nl = name_len(body, n);
    if (nl == 0) {
        fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)n, body);
        x->err = 1;
        return;
    }
    char name[256];
    snprintf(name, sizeof(name), "%.*s", (int)nl, body);
    const char *op = body + nl;
    size_t oplen = n - nl;
    int at = strcmp(name, "@") == 0 || strcmp(name, "*") == 0;
    char *val = special_param(name);
    if (length) {
        if (!val && sh.opt_u && !at) {
            unset_error(x, name);
            return;
        }
        char *num = numstr(at ? pos_params.n : (long)(val ? strlen(val) : 0));
        add_expanded(x, num, dq);
        free(num);
        free(val);
        return;
    }
    if (oplen == 0) {
        if (!val && sh.opt_u && !at)
            unset_error(x, name);
        else if (at)
            add_params(x, name[0] == '*', dq);
        else if (val)
            add_expanded(x, val, dq);
        free(val);
        return;
    }
    int colon = op[0] == ':';
    if (colon) {
        op++;
        oplen--;
    }
    if (oplen == 0) {
        fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)n, body);
        x->err = 1;
        free(val);
        return;
    }
    char c = op[0];
    const char *word = op + 1;
    size_t wlen = oplen - 1;
    int set = val && (!colon || *val);
    if (at) set = pos_params.n > 0;
    switch (c) {
    case '-':
    case '+':
        if ((c == '-') == !set) {
            x->in_param_word++;
            expand_part(x, word, wlen, dq);
            x->in_param_word--;
        } else if (c == '+')
            break;
        else if (at)
            add_params(x, name[0] == '*', dq);
        else
            add_expanded(x, val, dq);
        break;
    case '=':
    case '?':
        if (set) {
            add_expanded(x, val, dq);
            break;
        }
        {
            char *w = expand_sub(word, wlen, M_STR);
            if (!w) {
                x->err = 1;
                break;
            }
            if (c == '?') {
                fprintf(stderr, "sh: %s: %s\n", name,
                        *w      ? w
                        : colon ? "parameter null or not set"
                                : "parameter not set");
                x->err = 1;
            } else if (!parse_is_name(name, strlen(name))) {
                fprintf(stderr, "sh: $%s: cannot assign in this way\n", name);
                x->err = 1;
            } else if (var_set(name, w) == 0) {
                add_expanded(x, w, dq);
            } else {
                x->err = 1;
            }
            free(w);
        }
        break;
    case '#':
    case '%': {
        int longest = wlen > 0 && word[0] == c;
        if (longest) {
            word++;
            wlen--;
        }
        if (colon) {
            fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)n, body);
            x->err = 1;
            break;
        }
        if (!val && sh.opt_u) {
            unset_error(x, name);
            break;
        }
        char *pat = expand_sub(word, wlen, M_PATTERN);
        if (!pat) {
            x->err = 1;
            break;
        }
        char *r = remove_pattern(val ? val : "", pat, c, longest);
        add_expanded(x, r, dq);
        free(r);
        free(pat);
        break;
    }
    default:
        fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)n, body);
        x->err = 1;
    }
    free(val);
}

static size_t match_brace(const char *s, size_t i, size_t n)
{
    int depth = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\\') {
            i++;
        } else if (c == '\'' || c == '"') {
            while (++i < n && s[i] != c)
                if (c == '"' && s[i] == '\\') i++;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            if (depth-- == 0) return i;
        }
    }
    return n;
}

static void add_cmdsubst(struct xctx *x, const char *text, int dq)
{
    char *out = exec_cmdsubst(text);
    add_expanded(x, out, dq);
    free(out);
}

/* Expand the "$" at s[*i]; advance *i past the expansion. */
static void expand_dollar(struct xctx *x, const char *s, size_t n, size_t *i, int dq)
{
    size_t p = *i + 1;
    if (p < n && s[p] == '{') {
        size_t e = match_brace(s, p + 1, n);
        expand_braced(x, s + p + 1, e - p - 1, dq);
        *i = e + 1;
    } else if (p + 1 < n && s[p] == '(' && s[p + 1] == '(') {
        int depth = 0;
        size_t j = p + 2;
        for (; j + 1 < n; j++) {
            if (s[j] == '(')
                depth++;
            else if (s[j] == ')' && depth-- == 0 && s[j + 1] == ')')
                break;
        }
        char *e = expand_sub(s + p + 2, j - p - 2, M_STR);
        long v = 0;
        if (!e || arith_eval(e, &v) < 0) {
            x->err = 1;
        } else {
            char *num = numstr(v);
            add_expanded(x, num, dq);
            free(num);
        }
        free(e);
        *i = j + 2;
    } else if (p < n && s[p] == '(') {
        char *copy = strndup(s, n);
        if (!copy) oom();
        size_t e = parse_cmdsubst_end(copy, p + 1);
        if (e == (size_t)-1 || e >= n) {
            fprintf(stderr, "sh: bad command substitution\n");
            x->err = 1;
            free(copy);
            *i = n;
            return;
        }
        copy[e] = 0;
        add_cmdsubst(x, copy + p + 1, dq);
        free(copy);
        *i = e + 1;
    } else {
        size_t nl = p < n ? name_len(s + p, n - p) : 0;
        if (nl > 1 && s[p] >= '0' && s[p] <= '9') nl = 1;
        if (nl == 0) {
            addc(x, '$', dq || x->mode == M_HEREDOC);
            *i = p;
            return;
        }
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)nl, s + p);
        *i = p + nl;
        if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
            add_params(x, name[0] == '*', dq);
            return;
        }
        char *val = special_param(name);
        if (!val && sh.opt_u)
            unset_error(x, name);
        else if (val)
            add_expanded(x, val, dq);
        free(val);
    }
}

static void expand_tilde(struct xctx *x, const char *s, size_t n, size_t *i)
{
    size_t e = 1;
    while (e < n && s[e] != '/') {
        if (strchr("\\'\"$`", s[e])) {
            addc(x, '~', 0);
            *i = 1;
            return;
        }
        e++;
    }
    const char *home = NULL;
    if (e == 1) {
        home = var_get("HOME");
    } else {
        char user[256];
        snprintf(user, sizeof(user), "%.*s", (int)(e - 1), s + 1);
        struct passwd *pw = getpwnam(user);
        if (pw) home = pw->pw_dir;
    }
    if (!home) {
        addc(x, '~', 0);
        *i = 1;
        return;
    }
    adds(x, home, 1);
    *i = e;
}

static void expand_part(struct xctx *x, const char *s, size_t n, int dq)
{
    int here = x->mode == M_HEREDOC;
    size_t i = 0;
    if (n > 0 && s[0] == '~' && !dq && !here) expand_tilde(x, s, n, &i);
    while (i < n && !x->err) {
        char c = s[i];
        if (c == '\'' && !dq && !here) {
            x->touched = 1;
            while (++i < n && s[i] != '\'')
                addc(x, s[i], 1);
            i++;
        } else if (c == '"' && !here) {
            dq = !dq;
            x->touched = 1;
            i++;
        } else if (c == '\\' && i + 1 < n) {
            char d = s[i + 1];
            if ((dq || here) && !strchr("$`\"\\\n", d)) {
                addc(x, '\\', 1);
                i++;
            } else if ((dq || here) && d == '"' && here) {
                addc(x, '\\', 1);
                i++;
            } else if (d == '\n') {
                i += 2;
            } else {
                addc(x, d, 1);
                i += 2;
            }
        } else if (c == '$') {
            expand_dollar(x, s, n, &i, dq);
        } else if (c == '`') {
            size_t j = i + 1;
            char *t = malloc(n + 1);
            if (!t) oom();
            size_t k = 0;
            while (j < n && s[j] != '`') {
                if (s[j] == '\\' && j + 1 < n && strchr(dq ? "$`\\\"" : "$`\\", s[j + 1])) j++;
                t[k++] = s[j++];
            }
            t[k] = 0;
            add_cmdsubst(x, t, dq);
            free(t);
            i = j + 1;
        } else if (x->in_param_word && !dq) {
            char one[2] = {c, 0};
            add_expanded(x, one, 0);
            i++;
        } else {
            addc(x, c, dq || here);
            i++;
        }
    }
}

static char *expand_sub(const char *s, size_t n, enum mode mode)
{
    struct xctx x = {.mode = mode};
    expand_part(&x, s, n, 0);
    char *r = NULL;
    if (!x.err) r = mode == M_PATTERN ? pattern_string(&x) : plain_string(&x);
    free(x.s);
    free(x.q);
    return r;
}

int expand_words(char **words, int n, struct strvec *out)
{
    for (int w = 0; w < n; w++) {
        struct xctx x = {.mode = M_FIELDS, .out = out};
        expand_part(&x, words[w], strlen(words[w]), 0);
        if (!x.err && x.touched && !(x.empty_at && x.len == 0)) end_field(&x);
        free(x.s);
        free(x.q);
        if (x.err) return -1;
    }
    return 0;
}

char *expand_word(const char *raw)
{
    return expand_sub(raw, strlen(raw), M_STR);
}

char *expand_pattern(const char *raw)
{
    return expand_sub(raw, strlen(raw), M_PATTERN);
}

char *expand_heredoc(const char *body)
{
    return expand_sub(body, strlen(body), M_HEREDOC);
}
