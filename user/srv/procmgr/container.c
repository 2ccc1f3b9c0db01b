/* Containers: a program launched through its image manifest (/var/images/NAME/manifest,
 * written by the image builder from containers/NAME/Cluufile) runs with exactly the
 * manifest's profile, its environment and its mount policy. */
#include "procmgr.h"
#include "user/lib/cluufile/cluufile.h"
#include "lib/fmt.h"
#include "lib/string.h"

static struct cluufile cf; /* large: one at a time, procmgr is single-threaded */

/* Appends s to the launch's string store; NULL when full. */
static char *keep(struct container_launch *l, const char *s, size_t n)
{
    if (l->used + n + 1 > sizeof l->store)
        return NULL;
    char *d = l->store + l->used;
    memcpy(d, s, n);
    d[n] = 0;
    l->used += n + 1;
    return d;
}

static long set_env(struct container_launch *l, int *envc, const char *key, const char *value)
{
    size_t kl = strlen(key), vl = strlen(value);
    char tmp[512];
    if (kl + vl + 2 > sizeof tmp)
        return -E2BIG;
    memcpy(tmp, key, kl);
    tmp[kl] = '=';
    memcpy(tmp + kl + 1, value, vl + 1);
    char *s = keep(l, tmp, kl + vl + 1);
    if (!s)
        return -E2BIG;
    for (int i = 0; i < *envc; i++)
        if (!strncmp(l->envp[i], key, kl) && l->envp[i][kl] == '=') {
            l->envp[i] = s;
            return 0;
        }
    if (*envc >= 64)
        return -E2BIG;
    l->envp[(*envc)++] = s;
    l->envp[*envc] = NULL;
    return 0;
}

long container_prepare(struct proc *caller, const char *name, char *const argv[],
                       char *const envp[], struct container_launch *l)
{
    memset(l, 0, sizeof *l);
    if (cluufile_set_name(&cf, name) < 0)
        return -EINVAL;
    char path[128];
    ksnprintf(path, sizeof path, "/var/images/%s/manifest", name);
    uint8_t *text;
    uint64_t size, pages;
    cap_t mem;
    long r = read_as(caller, path, false, 64 << 10, &text, &size, &pages, &mem);
    if (r < 0)
        return r == -ENOENT ? -ENOENT : r;
    char err[160];
    r = cluufile_parse_manifest(path, (const char *)text, size, &cf, err, sizeof err);
    pages_free(text, pages, mem);
    if (r < 0) {
        dprintf_k("procmgr: container %s: %s\n", name, err);
        return -ENOEXEC;
    }
    if (cf.nentry == 0)
        return -ENOEXEC;
    l->profile = cf.profile & (PROFILE_IPC | PROFILE_VFS | PROFILE_REGISTRY | PROFILE_ADMIN |
                               PROFILE_DEVICE | PROFILE_SUPERVISOR);
    l->restart = cf.restart;
    l->restart_max = cf.restart_max;
    l->restart_backoff_ms = cf.restart_backoff_ms;
    int argc = 0, envc = 0;
    for (unsigned i = 0; i < cf.nentry && argc < 64; i++) {
        const char *a = cluufile_str(&cf, cf.entrypoint[i]);
        if (!(l->argv[argc++] = keep(l, a, strlen(a))))
            return -E2BIG;
    }
    for (int i = 1; argv && argv[0] && argv[i]; i++) {
        if (argc >= 64)
            return -E2BIG;
        l->argv[argc++] = argv[i];
    }
    l->argv[argc] = NULL;
    for (int i = 0; envp && envp[i] && envc < 64; i++)
        l->envp[envc++] = envp[i];
    l->envp[envc] = NULL;
    for (unsigned i = 0; i < cf.nenv; i++)
        if ((r = set_env(l, &envc, cluufile_str(&cf, cf.env[i].key),
                         cluufile_str(&cf, cf.env[i].value))) < 0)
            return r;
    l->image = l->argv[0];
    for (unsigned i = 0; i < cf.nmounts && i < 16; i++) {
        const char *mp = cluufile_str(&cf, cf.mounts[i].path);
        size_t n = strlen(mp) + 1;
        if (l->paths_len + n > sizeof l->paths)
            return -E2BIG;
        memcpy(l->paths + l->paths_len, mp, n);
        l->paths_len += n;
        l->policy |= (uint64_t)(cf.mounts[i].mode & 3) << (2 * i);
    }
    size_t nl = strlen(name);
    memcpy(l->name, name, nl < sizeof l->name - 1 ? nl : sizeof l->name - 1);
    return 0;
}
