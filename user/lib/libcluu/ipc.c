/* Client stubs for the registry and procmgr protocols. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/registry.h"
#include "lib/string.h"

static struct ipc_buffer *ipcbuf(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

uint64_t cluu_ipcbuf_va = PROC_IPCBUF_VA;

static void pack_name(struct ipc_msg *m, const char *name)
{
    struct registry_name n;
    memset(&n, 0, sizeof n);
    size_t len = strlen(name);
    memcpy(n.name, name, len > REGISTRY_NAME_MAX ? REGISTRY_NAME_MAX : len);
    memcpy(m->w, &n, sizeof n);
}

long registry_register(cap_t registry, const char *name, cap_t ep)
{
    if (strlen(name) > REGISTRY_NAME_MAX)
        return -ENAMETOOLONG;
    struct ipc_msg m = {0};
    pack_name(&m, name);
    ipcbuf()->caps_out[0] = ep;
    long r = sys_call(registry, IPC_INFO(REGISTRY_REGISTER, 4, 1), &m);
    return r < 0 ? r : (long)m.w[0];
}

long registry_lookup(cap_t registry, const char *name, cap_t *out)
{
    if (strlen(name) > REGISTRY_NAME_MAX)
        return -ENAMETOOLONG;
    cap_t slot = slot_alloc();
    if (!slot)
        return -ENOSPC;
    struct ipc_msg m = {0};
    pack_name(&m, name);
    ipcbuf()->recv_slots[0] = slot;
    long r = sys_call(registry, IPC_INFO(REGISTRY_LOOKUP, 4, 0), &m);
    if (r >= 0)
        r = (long)m.w[0];
    if (r >= 0 && ipcbuf()->caps_in != 1)
        r = -EIO;
    if (r < 0) {
        slot_free(slot);
        return r;
    }
    *out = slot;
    return 0;
}

long pm_spawn(cap_t pm, uint32_t profile, const char *image, char *const argv[],
              char *const envp[])
{
    return pm_spawn_ex(pm, profile, image, argv, envp, NULL, NULL);
}

long pm_spawn_stdio(cap_t pm, uint32_t profile, const char *image, char *const argv[],
                    char *const envp[], const char *stdio)
{
    return pm_spawn_ex(pm, profile, image, argv, envp, NULL, stdio);
}

static long spawn_request(cap_t pm, uint32_t profile, uint64_t flags, const char *image,
                          char *const argv[], char *const envp[], const cap_t fds[3],
                          const char *stdio, uint64_t extra[3]);

long pm_spawn_ex(cap_t pm, uint32_t profile, const char *image, char *const argv[],
                 char *const envp[], const cap_t fds[3], const char *stdio)
{
    return spawn_request(pm, profile, 0, image, argv, envp, fds, stdio, NULL);
}

long pm_spawn_container(cap_t pm, const char *name, char *const argv[], char *const envp[],
                        const cap_t fds[3])
{
    return spawn_request(pm, 0, PM_SPAWN_CONTAINER, name, argv, envp, fds, NULL, NULL);
}

long pm_spawn_container_restart(cap_t pm, const char *name, char *const argv[],
                                char *const envp[], const char *stdio, struct pm_restart *rs)
{
    uint64_t w[3] = {0, 0, 0};
    long r = spawn_request(pm, 0, PM_SPAWN_CONTAINER, name, argv, envp, NULL, stdio, w);
    if (r > 0 && rs) {
        rs->policy = (int)w[0];
        rs->max = (unsigned)w[1];
        rs->backoff_ms = w[2];
    }
    return r;
}

static long spawn_request(cap_t pm, uint32_t profile, uint64_t flags, const char *image,
                          char *const argv[], char *const envp[], const cap_t fds[3],
                          const char *stdio, uint64_t extra[3])
{
    char *buf = (char *)&ipcbuf()->w[IPC_REG_WORDS];
    size_t used = 0, argc = 0, envc = 0;
    const char *parts[2][64];
    size_t counts[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        char *const *v = k ? envp : argv;
        for (size_t i = 0; v && v[i]; i++) {
            if (counts[k] == 64)
                return -E2BIG;
            parts[k][counts[k]++] = v[i];
        }
    }
    argc = counts[0];
    envc = counts[1];
    size_t n = strlen(image) + 1;
    if (n > PM_SPAWN_BYTES)
        return -E2BIG;
    memcpy(buf, image, n);
    used = n;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            n = strlen(parts[k][i]) + 1;
            if (used + n > PM_SPAWN_BYTES)
                return -E2BIG;
            memcpy(buf + used, parts[k][i], n);
            used += n;
        }
    uint64_t mask = flags, ncaps = 0;
    if (stdio) {
        n = strlen(stdio) + 1;
        if (used + n > PM_SPAWN_BYTES)
            return -E2BIG;
        memcpy(buf + used, stdio, n);
        used += n;
        mask |= PM_SPAWN_STDIO_PATH;
    }
    for (int i = 0; fds && i < 3; i++)
        if (fds[i]) {
            ipcbuf()->caps_out[ncaps++] = fds[i];
            mask |= 1u << i;
        }
    struct ipc_msg m = {0};
    m.w[0] = profile;
    m.w[1] = argc;
    m.w[2] = envc;
    m.w[3] = used;
    m.w[4] = mask;
    long r = sys_call(pm, IPC_INFO(PM_SPAWN, IPC_REG_WORDS + (used + 7) / 8, ncaps), &m);
    if (r >= 0 && extra)
        for (int i = 0; i < 3; i++)
            extra[i] = m.w[1 + i];
    return r < 0 ? r : (long)m.w[0];
}

long pm_wait(cap_t pm, long pid, int options, int *status)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)pid;
    m.w[1] = (uint64_t)options;
    long r = sys_call(pm, IPC_INFO(PM_WAIT, 2, 0), &m);
    if (r < 0)
        return r;
    if ((long)m.w[0] > 0 && status)
        *status = (int)m.w[1];
    return (long)m.w[0];
}

void pm_exit(cap_t pm, int code)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)(code & 0xFF);
    sys_call(pm, IPC_INFO(PM_EXIT, 1, 0), &m);
    thread_exit(code);
}

long pm_kill(cap_t pm, long pid, int sig)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)pid;
    m.w[1] = (uint64_t)sig;
    long r = sys_call(pm, IPC_INFO(PM_KILL, 2, 0), &m);
    return r < 0 ? r : (long)m.w[0];
}

long pm_getpid(cap_t pm, long *ppid)
{
    struct ipc_msg m = {0};
    long r = sys_call(pm, IPC_INFO(PM_GETPID, 0, 0), &m);
    if (r < 0)
        return r;
    if (ppid)
        *ppid = (long)m.w[1];
    return (long)m.w[0];
}

/* A procmgr request of up to six words whose result is word 0; out (may be NULL) gets the
 * reply's words. */
static long pm_request(cap_t pm, uint64_t label, uint64_t len, const uint64_t *w, uint64_t *out)
{
    struct ipc_msg m = {0};
    for (uint64_t i = 0; i < len; i++)
        m.w[i] = w[i];
    long r = sys_call(pm, IPC_INFO(label, len, 0), &m);
    if (r < 0)
        return r;
    if (out)
        for (int i = 0; i < IPC_REG_WORDS; i++)
            out[i] = m.w[i];
    return (long)m.w[0];
}

long pm_setpgid(cap_t pm, long pid, long pgid)
{
    uint64_t w[2] = {(uint64_t)pid, (uint64_t)pgid};
    return pm_request(pm, PM_SETPGID, 2, w, NULL);
}

long pm_getpgid(cap_t pm, long pid)
{
    uint64_t w[1] = {(uint64_t)pid};
    return pm_request(pm, PM_GETPGID, 1, w, NULL);
}

long pm_setsid(cap_t pm)
{
    return pm_request(pm, PM_SETSID, 0, NULL, NULL);
}

long pm_getsid(cap_t pm, long pid)
{
    uint64_t w[1] = {(uint64_t)pid};
    return pm_request(pm, PM_GETSID, 1, w, NULL);
}

long pm_sigaction(cap_t pm, int sig, const struct pm_sigaction *act, struct pm_sigaction *old)
{
    uint64_t w[6] = {(uint64_t)sig, act != NULL, 0, 0, 0, 0}, out[6];
    if (act) {
        w[2] = act->handler;
        w[3] = act->flags;
        w[4] = act->mask;
        w[5] = act->restorer;
    }
    long r = pm_request(pm, PM_SIGACTION, 6, w, out);
    if (r == 0 && old)
        *old = (struct pm_sigaction){out[1], out[2], out[3], out[4]};
    return r;
}

long pm_sigreturn(cap_t pm)
{
    return pm_request(pm, PM_SIGRETURN, 0, NULL, NULL);
}

long pm_getcred(cap_t pm, uint32_t ids[4])
{
    uint64_t out[6];
    long r = pm_request(pm, PM_GETCRED, 0, NULL, out);
    for (int i = 0; r == 0 && i < 4; i++)
        ids[i] = (uint32_t)out[1 + i];
    return r;
}

long pm_setcred(cap_t pm, uint32_t uid, uint32_t euid, uint32_t gid, uint32_t egid)
{
    uint64_t w[4] = {uid, euid, gid, egid};
    return pm_request(pm, PM_SETCRED, 4, w, NULL);
}

long pm_fork(cap_t pm)
{
    return pm_request(pm, PM_FORK, 0, NULL, NULL);
}

long pm_exec(cap_t pm, const char *image, char *const argv[], char *const envp[])
{
    char *buf = (char *)&ipcbuf()->w[IPC_REG_WORDS];
    size_t used = 0, counts[2] = {0, 0};
    size_t n = strlen(image) + 1;
    if (n > PM_SPAWN_BYTES)
        return -E2BIG;
    memcpy(buf, image, n);
    used = n;
    for (int k = 0; k < 2; k++) {
        char *const *v = k ? envp : argv;
        for (size_t i = 0; v && v[i]; i++) {
            n = strlen(v[i]) + 1;
            if (counts[k] == 64 || used + n > PM_SPAWN_BYTES)
                return -E2BIG;
            memcpy(buf + used, v[i], n);
            used += n;
            counts[k]++;
        }
    }
    struct ipc_msg m = {0};
    m.w[1] = counts[0];
    m.w[2] = counts[1];
    m.w[3] = used;
    long r = sys_call(pm, IPC_INFO(PM_EXEC, IPC_REG_WORDS + (used + 7) / 8, 0), &m);
    return r < 0 ? r : (long)m.w[0];
}

long pm_shutdown(cap_t pm, int how)
{
    uint64_t w[1] = {(uint64_t)how};
    return pm_request(pm, PM_SHUTDOWN, 1, w, NULL);
}
