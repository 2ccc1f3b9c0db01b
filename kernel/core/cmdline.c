#include "cmdline.h"
#include "lib/string.h"

static char line[512];

/* Finds key as a whole word (followed by end, space or '='); returns a pointer past it. */
static const char *find_key(const char *s, const char *key)
{
    size_t k = strlen(key);
    if (k == 0)
        return NULL;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!strncmp(s, key, k) && (s[k] == 0 || s[k] == ' ' || s[k] == '='))
            return s + k;
        while (*s && *s != ' ')
            s++;
    }
    return NULL;
}

bool cmdline_has_in(const char *l, const char *key)
{
    return find_key(l, key) != NULL;
}

bool cmdline_value_in(const char *l, const char *key, char *out, size_t n)
{
    const char *p = find_key(l, key);
    if (!p || *p != '=' || n == 0)
        return false;
    p++;
    size_t i = 0;
    while (p[i] && p[i] != ' ' && i + 1 < n) {
        out[i] = p[i];
        i++;
    }
    out[i] = 0;
    return true;
}

bool cmdline_has(const char *key)
{
    return cmdline_has_in(line, key);
}

bool cmdline_value(const char *key, char *out, size_t n)
{
    return cmdline_value_in(line, key, out, n);
}

const char *cmdline_get_all(void)
{
    return line;
}

#ifndef HOST_TEST
#include "arch/x86_64/fwcfg.h"

void cmdline_init(const char *mb2)
{
    size_t n = strlen(mb2);
    if (n >= sizeof line)
        n = sizeof line - 1;
    memcpy(line, mb2, n);
    line[n] = 0;
    char extra[256];
    int len = fwcfg_read_file("opt/cluu/cmdline", extra, sizeof extra - 1);
    if (len > 0 && n + 1 + (size_t)len < sizeof line) {
        extra[len] = 0;
        line[n] = ' ';
        memcpy(line + n + 1, extra, (size_t)len + 1);
    }
}
#endif
