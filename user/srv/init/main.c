/* init: the first process. Starts the name registry and procmgr, then the services of its
 * boot configuration, and supervises them (restart policy with exponential backoff). */
#include "init.h"
#include "proc.h"
#include "abi/auxv.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"
#include "../procmgr/pmsrv.h"

#define MAX_SERVICES 16
#define RESTART_LIMIT 5

enum restart { R_NO, R_ON_FAILURE, R_ALWAYS };

struct service {
    char line[160];
    char *argv[16];
    int argc;
    enum restart restart;
    uint32_t profile;
    long pid;
    int restarts;
    unsigned max_restarts; /* 0: unlimited */
    uint64_t backoff_ms, first_backoff_ms;
    bool container; /* a container image: profile, mounts and restart policy its own */
    bool started;   /* the image's restart policy is known */
    const char *waitfor, *stdio;
};

static struct service services[MAX_SERVICES];
static int nservices;
static cap_t pm, notif, registry_cap;
static const struct boot_user_info *bi;

static int find_module(const char *name)
{
    for (unsigned long i = 0; i < bi->nmodules; i++)
        if (!strcmp(bi->modules[i].name, name))
            return (int)i;
    return -1;
}

static const uint8_t *map_module(int i)
{
    static uint64_t va = 0x500000000ull;
    uint64_t pages = (bi->modules[i].size + 4095) / 4096;
    if (invoke5(CAP_SELF_VSPACE, VSPACE_MAP, BOOT_CAP_MODULE0 + (uint64_t)i, va, 0, pages, PROT_R) < 0)
        return NULL;
    const uint8_t *p = (const uint8_t *)va;
    va += (pages + 1) * 4096;
    return p;
}

static void die(const char *what, long r)
{
    dprintf_k("init: %s failed (%ld); the system cannot start\n", what, r);
    for (;;)
        sys_wait(notif, TIMEOUT_FOREVER);
}

static void sleep_ms(uint64_t ms)
{
    sys_wait(notif, ms * 1000000);
}

static void start_registry(cap_t ep)
{
    cap_t stack_mem, buf_mem, th = slot_alloc();
    uint8_t *stack = pages_alloc(8, &stack_mem);
    struct ipc_buffer *buf = pages_alloc(1, &buf_mem);
    long r = stack && buf ? invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, th) : -ENOMEM;
    if (r == 0)
        r = sys_invoke(th, THREAD_CONFIGURE, CAP_SELF_CSPACE, CAP_SELF_VSPACE, (uint64_t)buf,
                       buf_mem, 0, 0, 0);
    struct user_regs regs = {0};
    regs.rip = (unsigned long)registry_thread;
    regs.rsp = (unsigned long)(stack + 8 * 4096 - 8);
    regs.rdi = ep;
    regs.rsi = (unsigned long)buf;
    if (r == 0)
        r = invoke1(th, THREAD_WRITE_REGS, (uint64_t)&regs);
    if (r == 0)
        r = invoke0(th, THREAD_RESUME);
    if (r < 0)
        die("starting the registry", r);
}

static void start_procmgr(cap_t ep, cap_t registry)
{
    int mi = find_module("procmgr");
    if (mi < 0)
        die("finding the procmgr image", -ENOENT);
    const uint8_t *img = map_module(mi);
    char *argv[] = {"procmgr", NULL}, *envp[] = {NULL};
    uint64_t aux[] = {AT_CLUU_BOOTINFO, BOOT_INFO_VA, AT_NULL, 0};
    struct proc_caps pc;
    long r = img ? proc_build(CAP_SELF_UNTYPED, 16ull << 20, img, bi->modules[mi].size, argv,
                              envp, aux, &pc)
                 : -ENOMEM;
    if (r < 0)
        die("building procmgr", r);
    long left = invoke0(CAP_SELF_UNTYPED, UNTYPED_INFO);
    cap_t pool = slot_alloc();
    r = invoke2(CAP_SELF_UNTYPED, UNTYPED_SPLIT, (uint64_t)left / 4 * 3, pool);
    if (r == 0)
        r = invoke5(pc.vspace, VSPACE_MAP, BOOT_CAP_BOOTINFO, BOOT_INFO_VA, 0, 1, PROT_R);
    if (r == 0)
        r = invoke3(pc.cspace, CSPACE_COPY, PMSRV_CAP_EP, ep, RIGHT_ALL);
    if (r == 0)
        r = invoke3(pc.cspace, CSPACE_COPY, PMSRV_CAP_REGISTRY, registry, RIGHT_WRITE | RIGHT_GRANT);
    if (r == 0)
        r = invoke2(pc.cspace, CSPACE_MOVE, PMSRV_CAP_POOL, pool);
    if (r == 0)
        r = invoke3(pc.cspace, CSPACE_COPY, PMSRV_CAP_IRQ_CONTROL, BOOT_CAP_IRQ_CONTROL, RIGHT_ALL);
    if (r == 0)
        r = invoke3(pc.cspace, CSPACE_COPY, PMSRV_CAP_IOPORT, BOOT_CAP_IOPORT, RIGHT_ALL);
    if (r == 0)
        r = invoke3(pc.cspace, CSPACE_COPY, PMSRV_CAP_FRAMEBUFFER, BOOT_CAP_FRAMEBUFFER, RIGHT_ALL);
    if (r == 0)
        r = invoke3(pc.cspace, CSPACE_COPY, PMSRV_CAP_BOOTINFO, BOOT_CAP_BOOTINFO, RIGHT_READ);
    for (unsigned long i = 0; r == 0 && i < bi->nmodules; i++)
        r = invoke3(pc.cspace, CSPACE_COPY, BOOT_CAP_MODULE0 + i, BOOT_CAP_MODULE0 + i, RIGHT_READ);
    if (r == 0)
        r = invoke0(pc.thread, THREAD_RESUME);
    if (r < 0)
        die("starting procmgr", r);
    pm = slot_alloc();
    r = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, pm, ep, RIGHT_WRITE | RIGHT_GRANT, PM_PID_INIT);
    if (r < 0)
        die("minting the procmgr capability", r);
}

static uint32_t parse_profile(char *s)
{
    static const char *names[] = {"IPC",    "VFS",        "REGISTRY", "ADMIN",
                                  "DEVICE", "SUPERVISOR", "HW",       "BOOT"};
    uint32_t bits = 0;
    while (*s) {
        char *e = s;
        while (*e && *e != ',')
            e++;
        char c = *e;
        *e = 0;
        for (int i = 0; i < 8; i++)
            if (!strcmp(s, names[i]))
                bits |= 1u << i;
        s = c ? e + 1 : e;
    }
    return bits;
}

/* Boot configuration: "service NAME [restart=no|on-failure|always] [profile=A,B]
 * [waitfor=REGISTRY-NAME] [stdio=PATH] [-- args]". waitfor holds the next service back until
 * this one has registered the name (5 s at most); stdio opens PATH as fds 0..2.
 * "container NAME [waitfor=...] [stdio=PATH] [-- args]" runs the image /var/images/NAME
 * (once the file system is up) with the profile, mounts and RESTART policy its Cluufile
 * declares. */
static void read_config(const char *name)
{
    int mi = find_module(name);
    if (mi < 0) {
        dprintf_k("init: no boot configuration '%s'; nothing to start\n", name);
        return;
    }
    const char *text = (const char *)map_module(mi);
    uint64_t size = bi->modules[mi].size, pos = 0;
    int lineno = 0;
    while (pos < size && nservices < MAX_SERVICES) {
        struct service *s = &services[nservices];
        size_t n = 0;
        lineno++;
        while (pos < size && text[pos] != '\n') {
            if (n < sizeof s->line - 1)
                s->line[n++] = text[pos];
            pos++;
        }
        pos++;
        s->line[n] = 0;
        char *words[24];
        int nw = 0;
        for (char *p = s->line; *p && nw < 24;) {
            while (*p == ' ' || *p == '\t')
                *p++ = 0;
            if (!*p || *p == '#')
                break;
            words[nw++] = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
        }
        if (nw == 0)
            continue;
        bool container = !strcmp(words[0], "container");
        if ((strcmp(words[0], "service") && !container) || nw < 2) {
            dprintf_k("init: %s:%d: expected 'service NAME ...' or 'container NAME ...', got '%s'\n",
                      name, lineno, words[0]);
            continue;
        }
        s->container = container;
        s->restart = R_NO;
        s->profile = PROFILE_IPC;
        s->argv[s->argc++] = words[1];
        bool args = false, bad = false;
        for (int i = 2; i < nw; i++) {
            if (args) {
                if (s->argc < 15)
                    s->argv[s->argc++] = words[i];
            } else if (!strcmp(words[i], "--")) {
                args = true;
            } else if (container && (!strncmp(words[i], "restart=", 8) ||
                                     !strncmp(words[i], "profile=", 8))) {
                dprintf_k("init: %s:%d: a container's %.7s comes from its Cluufile\n", name,
                          lineno, words[i]);
                bad = true;
                break;
            } else if (!strncmp(words[i], "restart=", 8)) {
                const char *v = words[i] + 8;
                if (!strcmp(v, "no"))
                    s->restart = R_NO;
                else if (!strcmp(v, "on-failure"))
                    s->restart = R_ON_FAILURE;
                else if (!strcmp(v, "always"))
                    s->restart = R_ALWAYS;
                else
                    bad = true;
            } else if (!strncmp(words[i], "profile=", 8)) {
                s->profile = parse_profile(words[i] + 8);
            } else if (!strncmp(words[i], "waitfor=", 8)) {
                s->waitfor = words[i] + 8;
            } else if (!strncmp(words[i], "stdio=", 6)) {
                s->stdio = words[i] + 6;
            } else {
                bad = true;
            }
            if (bad) {
                dprintf_k("init: %s:%d: unexpected '%s'\n", name, lineno, words[i]);
                break;
            }
        }
        if (bad) {
            s->argc = 0;
            continue;
        }
        s->argv[s->argc] = NULL;
        s->backoff_ms = s->first_backoff_ms = 100;
        s->max_restarts = RESTART_LIMIT;
        nservices++;
    }
}

static void start_service(struct service *s)
{
    char *envp[] = {"PATH=/bin", NULL};
    if (s->container) {
        struct pm_restart rs;
        s->pid = pm_spawn_container_restart(pm, s->argv[0], s->argv, envp, s->stdio, &rs);
        if (s->pid > 0 && !s->started) {
            s->restart = rs.policy == 2 ? R_ALWAYS : rs.policy == 1 ? R_ON_FAILURE : R_NO;
            s->max_restarts = rs.max;
            s->backoff_ms = s->first_backoff_ms = rs.backoff_ms;
            s->started = true;
        }
    } else {
        s->pid = pm_spawn_stdio(pm, s->profile, s->argv[0], s->argv, envp, s->stdio);
    }
    if (s->pid < 0) {
        dprintf_k("init: cannot start %s: error %ld\n", s->argv[0], s->pid);
        return;
    }
    dprintf_k("init: started %s (pid %ld)\n", s->argv[0], s->pid);
    if (!s->waitfor)
        return;
    for (int t = 0; t < 500; t++) {
        cap_t c;
        if (registry_lookup(registry_cap, s->waitfor, &c) == 0) {
            slot_delete(c);
            return;
        }
        sleep_ms(10);
    }
    dprintf_k("init: %s did not register '%s' within 5 s; going on\n", s->argv[0], s->waitfor);
}

int main(const struct boot_user_info *info)
{
    bi = info;
    cluu_ipcbuf_va = BOOT_IPCBUF_VA;
    dprintf_k("init: started, %lu boot modules, %lu MiB of untyped memory\n", bi->nmodules,
              bi->untyped_bytes >> 20);
    notif = slot_alloc();
    cap_t registry = slot_alloc(), pm_ep = slot_alloc();
    long r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, notif);
    if (r == 0)
        r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, registry);
    if (r == 0)
        r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, pm_ep);
    if (r < 0)
        die("creating endpoints", r);
    start_registry(registry);
    registry_cap = registry;
    start_procmgr(pm_ep, registry);

    char conf[32] = "boot.conf";
    const char *cl = bi->cmdline, *k = NULL;
    for (const char *p = cl; *p; p++)
        if (!strncmp(p, "bootconf=", 9) && (p == cl || p[-1] == ' '))
            k = p + 9;
    if (k) {
        size_t n = 0;
        while (k[n] && k[n] != ' ' && n < sizeof conf - 1) {
            conf[n] = k[n];
            n++;
        }
        conf[n] = 0;
    }
    read_config(conf);
    for (int i = 0; i < nservices; i++)
        start_service(&services[i]);

    for (;;) {
        int status = 0;
        long pid = pm_wait(pm, -1, 0, &status);
        if (pid == -ECHILD) {
            sys_wait(notif, TIMEOUT_FOREVER);
            continue;
        }
        if (pid <= 0)
            continue;
        struct service *s = NULL;
        for (int i = 0; i < nservices; i++)
            if (services[i].pid == pid)
                s = &services[i];
        if (!s)
            continue; /* an orphan, reaped */
        bool failed = status != 0;
        if ((status & 0x7F) == 0)
            dprintf_k("init: %s (pid %ld) exited with status %d\n", s->argv[0], pid, (status >> 8) & 0xFF);
        else
            dprintf_k("init: %s (pid %ld) killed by signal %d\n", s->argv[0], pid, status & 0x7F);
        s->pid = 0;
        if (s->restart == R_NO || (s->restart == R_ON_FAILURE && !failed))
            continue;
        if (!failed) {
            /* A clean exit (a logout ending login's shell) is not a crash loop: start it
             * again at once, and forget earlier failures. */
            s->restarts = 0;
            s->backoff_ms = s->first_backoff_ms;
            dprintf_k("init: starting %s again\n", s->argv[0]);
            start_service(s);
            continue;
        }
        if (s->max_restarts && s->restarts >= (int)s->max_restarts) {
            dprintf_k("init: %s failed %d times; giving up\n", s->argv[0], s->restarts);
            continue;
        }
        s->restarts++;
        if (s->max_restarts)
            dprintf_k("init: restarting %s in %lu ms (restart %d of %u)\n", s->argv[0],
                      s->backoff_ms, s->restarts, s->max_restarts);
        else
            dprintf_k("init: restarting %s in %lu ms (restart %d, no limit)\n", s->argv[0],
                      s->backoff_ms, s->restarts);
        sleep_ms(s->backoff_ms);
        s->backoff_ms = s->backoff_ms * 2 > 60000 ? 60000 : s->backoff_ms * 2;
        if (s->backoff_ms == 0)
            s->backoff_ms = 1; /* backoff=0 stays quick but not a busy loop */
        start_service(s);
    }
}
