/* procfs's tree: path resolution, attributes, link targets, directory entries and file
 * contents, from procmgr's data (PM_PS, PM_PROCINFO) and vfs's mount table. */
#include "procfs.h"
#include "abi/auxv.h"
#include "abi/proto/procmgr.h"
#include "lib/fmt.h"
#include "lib/string.h"

static uint64_t epoch_s, epoch_ns; /* wall clock = epoch_s + (clock - epoch_ns) */
struct procfs_cpu procfs_cpu;
uint64_t procfs_load[3];

static const struct {
    const char *name;
    enum ntype type;
} root_files[] = {{"self", N_SELF},       {"meminfo", N_MEMINFO}, {"uptime", N_UPTIME},
                  {"loadavg", N_LOADAVG}, {"cpuinfo", N_CPUINFO}, {"mounts", N_MOUNTS},
                  {"version", N_VERSION}};
static const struct {
    const char *name;
    enum ntype type;
} pid_files[] = {{"stat", N_STAT},       {"status", N_STATUS}, {"cmdline", N_CMDLINE},
                 {"environ", N_ENVIRON}, {"cwd", N_CWD},       {"fd", N_FDDIR}};

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

static long pm_info(long pid, uint64_t what, struct ipc_msg *m)
{
    memset(m, 0, sizeof *m);
    m->w[0] = (uint64_t)pid;
    m->w[1] = what;
    long r = sys_call(PROC_CAP_PROCMGR, IPC_INFO(PM_PROCINFO, 2, 0), m);
    return r < 0 ? r : (long)m->w[0];
}

static void ps_from_reply(const struct ipc_msg *m, struct procfs_ps *p)
{
    struct pm_psinfo info;
    memcpy(&info, &ib()->w[IPC_REG_WORDS], sizeof info);
    memset(p, 0, sizeof *p);
    p->pid = (long)m->w[1];
    p->ppid = (long)m->w[2];
    p->pgid = (long)m->w[3];
    p->uid = (uint32_t)m->w[4];
    p->state = (char)m->w[5];
    p->sid = info.sid;
    p->euid = info.euid;
    p->gid = info.gid;
    p->egid = info.egid;
    p->nthreads = info.nthreads;
    memcpy(p->name, info.name, sizeof p->name - 1);
    memcpy(p->cmdline, info.cmdline, sizeof p->cmdline);
    p->cpu_ns = info.cpu_ns;
    p->start_ns = info.start_ns;
    p->mem_bytes = info.mem_bytes;
}

long ps_get(long pid, struct procfs_ps *p)
{
    struct ipc_msg m;
    if (pid <= 0) return -ENOENT;
    long r = pm_info(pid, PM_INFO_PS, &m);
    if (r < 0) return r == -ESRCH ? -ENOENT : r;
    ps_from_reply(&m, p);
    return 0;
}

/* Calls fn for every process (PM_PS); the count. */
static long ps_each(void (*fn)(const struct procfs_ps *p, void *arg), void *arg)
{
    long n = 0;
    for (uint64_t index = 0;;) {
        struct ipc_msg m = {0};
        m.w[0] = index;
        long r = sys_call(PROC_CAP_PROCMGR, IPC_INFO(PM_PS, 1, 0), &m);
        if (r < 0 || (long)m.w[0] <= 0) return n;
        index = m.w[0];
        struct procfs_ps p;
        ps_from_reply(&m, &p);
        fn(&p, arg);
        n++;
    }
}

static void sum_cpu(const struct procfs_ps *p, void *arg)
{
    uint64_t *a = arg;
    a[0] += p->cpu_ns;
    a[2] += p->mem_bytes;
    if ((uint64_t)p->pid > a[1]) a[1] = (uint64_t)p->pid;
}

long sys_get(struct procfs_sys *s)
{
    struct ipc_msg m;
    memset(s, 0, sizeof *s);
    long r = pm_info(0, PM_INFO_SYSTEM, &m);
    if (r < 0) return r;
    s->mem_total = m.w[1];
    s->mem_free = m.w[2];
    s->nprocs = m.w[3];
    s->running = m.w[4];
    uint64_t a[3] = {0, 0, 0};
    ps_each(sum_cpu, a);
    /* Free: what the processes have not taken of user space's memory (and not more than
     * the kernel has left). */
    uint64_t unused = s->mem_total > a[2] ? s->mem_total - a[2] : 0;
    if (s->mem_free > unused) s->mem_free = unused;
    s->uptime_ns = (uint64_t)sys_clock();
    s->idle_ns = s->uptime_ns > a[0] ? s->uptime_ns - a[0] : 0;
    s->last_pid = a[1];
    memcpy(s->load, procfs_load, sizeof s->load);
    return 0;
}

void node_init(void)
{
    char **e = cluu_envp;
    while (*e)
        e++;
    for (uint64_t *av = (uint64_t *)(e + 1); av[0] != AT_NULL; av += 2) {
        if (av[0] == AT_CLUU_EPOCH)
            epoch_s = av[1];
        else if (av[0] == AT_CLUU_EPOCH_NS)
            epoch_ns = av[1];
    }
}

static bool is_dir(enum ntype t)
{
    return t == N_ROOT || t == N_PID || t == N_FDDIR;
}

static bool is_link(enum ntype t)
{
    return t == N_SELF || t == N_CWD || t == N_FD;
}

/* May w see p's private parts (environ, cwd, fd)? Root and the owner may. */
static bool owner_or_root(const struct who *w, const struct node *n)
{
    return w->uid == 0 || w->uid == n->uid;
}

static uint32_t node_mode(const struct node *n)
{
    switch (n->type) {
    case N_ROOT:
    case N_PID:
        return S_IFDIR | 0555;
    case N_FDDIR:
        return S_IFDIR | 0500;
    case N_SELF:
    case N_CWD:
        return S_IFLNK | 0777;
    case N_FD:
        return S_IFLNK | 0700;
    case N_ENVIRON:
        return S_IFREG | 0400;
    default:
        return S_IFREG | 0444;
    }
}

static long lookup_pid_node(long pid, enum ntype type, struct node *out)
{
    struct procfs_ps p;
    long r = ps_get(pid, &p);
    if (r < 0) return r;
    out->type = type;
    out->pid = pid;
    out->uid = p.euid;
    out->gid = p.egid;
    out->start_ns = p.start_ns;
    return 0;
}

static bool parse_num(const char *s, long *out)
{
    long v = 0;
    if (!*s || (*s == '0' && s[1])) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000) return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

static long fds_of(long pid, uint64_t bits[4])
{
    struct ipc_msg m;
    long r = pm_info(pid, PM_INFO_FDS, &m);
    if (r < 0) return r == -ESRCH ? -ENOENT : r;
    for (int i = 0; i < 4; i++)
        bits[i] = m.w[1 + i];
    return 0;
}

static long lookup(const struct who *w, const struct node *dir, const char *name, struct node *out)
{
    memset(out, 0, sizeof *out);
    long num;
    if (dir->type == N_ROOT) {
        if (parse_num(name, &num)) return lookup_pid_node(num, N_PID, out);
        for (size_t i = 0; i < sizeof root_files / sizeof root_files[0]; i++)
            if (!strcmp(name, root_files[i].name)) {
                out->type = root_files[i].type;
                return 0;
            }
        return -ENOENT;
    }
    if (dir->type == N_PID) {
        for (size_t i = 0; i < sizeof pid_files / sizeof pid_files[0]; i++)
            if (!strcmp(name, pid_files[i].name))
                return lookup_pid_node(dir->pid, pid_files[i].type, out);
        return -ENOENT;
    }
    /* N_FDDIR: searching it needs its x bit (owner or root). */
    if (!owner_or_root(w, dir)) return -EACCES;
    uint64_t bits[4];
    if (!parse_num(name, &num) || num >= 256) return -ENOENT;
    long r = fds_of(dir->pid, bits);
    if (r < 0) return r;
    if (!(bits[num / 64] >> (num % 64) & 1)) return -ENOENT;
    r = lookup_pid_node(dir->pid, N_FD, out);
    out->fd = (int)num;
    return r;
}

static long parent(const struct node *n, struct node *out)
{
    if (n->type == N_ROOT) return -EOPNOTSUPP; /* out of /proc by "..": not supported */
    if (n->type == N_PID) {
        memset(out, 0, sizeof *out);
        out->type = N_ROOT;
        return 0;
    }
    *out = *n;
    out->type = n->type == N_FD ? N_FDDIR : N_PID;
    return 0;
}

long node_resolve(const struct who *w, const char *path, bool follow, struct node *out)
{
    struct node cur = {.type = N_ROOT};
    size_t pos = 0, len = strlen(path);
    bool must_dir = len && path[len - 1] == '/';
    while (pos < len) {
        while (path[pos] == '/')
            pos++;
        if (!path[pos]) break;
        char name[VFS_NAME_MAX + 1];
        size_t k = 0;
        while (path[pos] && path[pos] != '/') {
            if (k == VFS_NAME_MAX) return -ENAMETOOLONG;
            name[k++] = path[pos++];
        }
        name[k] = 0;
        while (path[pos] == '/')
            pos++;
        bool last = !path[pos];
        if (!strcmp(name, ".")) continue;
        if (!strcmp(name, "..")) {
            struct node p;
            long r = parent(&cur, &p);
            if (r < 0) return r;
            cur = p;
            continue;
        }
        if (!is_dir(cur.type)) return -ENOTDIR;
        struct node child;
        long r = lookup(w, &cur, name, &child);
        if (r < 0) return r;
        if (is_link(child.type) && (!last || follow || must_dir)) {
            if (child.type != N_SELF)
                return -EOPNOTSUPP; /* a link out of /proc: not followed here */
            r = lookup_pid_node(w->pid, N_PID, &child);
            if (r < 0) return r;
        }
        cur = child;
    }
    if (must_dir && !is_dir(cur.type)) return -ENOTDIR;
    *out = cur;
    return 0;
}

void node_stat(const struct node *n, struct file_stat *st)
{
    memset(st, 0, sizeof *st);
    st->dev = 0x50524f43; /* "PROC" */
    st->ino = n->type == N_ROOT ? 1 : ((uint64_t)n->pid << 16) | ((uint64_t)n->fd << 6) | n->type;
    st->mode = node_mode(n);
    st->nlink = is_dir(n->type) ? 2 : 1;
    st->uid = n->uid;
    st->gid = n->gid;
    uint64_t t = epoch_s * 1000000000ull + n->start_ns - (n->start_ns ? epoch_ns : 0);
    if (!n->start_ns) t = epoch_s * 1000000000ull + ((uint64_t)sys_clock() - epoch_ns);
    st->atime_ns = st->mtime_ns = st->ctime_ns = t;
}

long node_access(const struct who *w, const struct node *n, int want)
{
    uint32_t mode = node_mode(n);
    if (w->uid == 0) return (want & 1) && !is_dir(n->type) && !(mode & 0111) ? -EACCES : 0;
    uint32_t bits = w->uid == n->uid ? mode >> 6 : w->gid == n->gid ? mode >> 3 : mode;
    return ((int)bits & want & 7) == (want & 7) ? 0 : -EACCES;
}

long node_readlink(const struct who *w, const struct node *n, char *buf, size_t cap)
{
    int k;
    if (n->type == N_SELF) {
        k = ksnprintf(buf, cap, "%ld", w->pid);
    } else if (n->type == N_FD) {
        if (!owner_or_root(w, n)) return -EACCES;
        k = ksnprintf(buf, cap, "anon_inode:[cluu-file]"); /* the path is not known */
    } else if (n->type == N_CWD) {
        if (!owner_or_root(w, n)) return -EACCES;
        struct ipc_msg m;
        long r = pm_info(n->pid, PM_INFO_CWD, &m);
        if (r <= 0) return r == -ESRCH || r == 0 ? -ENOENT : r;
        size_t len = (size_t)r - 1; /* without the NUL */
        if (len > cap) len = cap;
        memcpy(buf, &ib()->w[IPC_REG_WORDS], len);
        return (long)len;
    } else {
        return -EINVAL;
    }
    return k < 0 ? -EIO : (size_t)k > cap ? (long)cap : k;
}

/* One struct linux_dirent64 record; false when it does not fit. */
static bool dirent_put(uint8_t *buf, size_t cap, size_t *len, uint64_t ino, uint8_t type,
                       const char *name)
{
    size_t nl = strlen(name), reclen = (19 + nl + 1 + 7) & ~(size_t)7;
    if (*len + reclen > cap) return false;
    uint8_t *d = buf + *len;
    memset(d, 0, reclen);
    uint64_t off = *len + reclen;
    uint16_t rl = (uint16_t)reclen;
    memcpy(d, &ino, 8);
    memcpy(d + 8, &off, 8);
    memcpy(d + 16, &rl, 2);
    d[18] = type;
    memcpy(d + 19, name, nl);
    *len += reclen;
    return true;
}

struct dirfill {
    uint8_t *buf;
    size_t cap, len;
};

static void put_pid(const struct procfs_ps *p, void *arg)
{
    struct dirfill *f = arg;
    char name[24];
    ksnprintf(name, sizeof name, "%ld", p->pid);
    if (p->state != 'Z')
        dirent_put(f->buf, f->cap, &f->len, (uint64_t)p->pid << 16 | N_PID, DT_DIR, name);
}

long node_dirents(const struct who *w, const struct node *n, uint8_t *buf, size_t cap)
{
    struct dirfill f = {buf, cap, 0};
    dirent_put(buf, cap, &f.len, 1, DT_DIR, ".");
    dirent_put(buf, cap, &f.len, 1, DT_DIR, "..");
    if (n->type == N_ROOT) {
        for (size_t i = 0; i < sizeof root_files / sizeof root_files[0]; i++)
            dirent_put(buf, cap, &f.len, 2 + i, root_files[i].type == N_SELF ? DT_LNK : DT_REG,
                       root_files[i].name);
        ps_each(put_pid, &f);
    } else if (n->type == N_PID) {
        for (size_t i = 0; i < sizeof pid_files / sizeof pid_files[0]; i++) {
            enum ntype t = pid_files[i].type;
            dirent_put(buf, cap, &f.len, (uint64_t)n->pid << 16 | t,
                       t == N_FDDIR ? DT_DIR
                       : t == N_CWD ? DT_LNK
                                    : DT_REG,
                       pid_files[i].name);
        }
    } else {
        if (!owner_or_root(w, n)) return -EACCES;
        uint64_t bits[4];
        long r = fds_of(n->pid, bits);
        if (r < 0) return r;
        for (int i = 0; i < 256; i++)
            if (bits[i / 64] >> (i % 64) & 1) {
                char name[8];
                ksnprintf(name, sizeof name, "%d", i);
                dirent_put(buf, cap, &f.len, (uint64_t)n->pid << 16 | (uint64_t)i << 6 | N_FD,
                           DT_LNK, name);
            }
    }
    return (long)f.len;
}

static long mounts_text(char *buf, size_t cap)
{
    struct ipc_msg m = {0};
    long r = sys_call(PROC_CAP_VFS, IPC_INFO(VFS_MOUNTS, 0, 0), &m);
    if (r == 0) r = (long)m.w[0];
    if (r < 0) return r;
    size_t len = (size_t)r < cap ? (size_t)r : cap;
    memcpy(buf, &ib()->w[IPC_REG_WORDS], len);
    return (long)len;
}

long node_content(const struct who *w, const struct node *n, char *buf, size_t cap)
{
    struct procfs_ps p;
    struct procfs_sys s;
    struct ipc_msg m;
    long r = 0;
    (void)w;
    switch (n->type) {
    case N_STAT:
    case N_STATUS:
    case N_CMDLINE:
        if ((r = ps_get(n->pid, &p)) < 0) return r == -ENOENT ? -ESRCH : r;
        return (long)(n->type == N_STAT     ? gen_stat(buf, cap, &p)
                      : n->type == N_STATUS ? gen_status(buf, cap, &p)
                                            : gen_cmdline(buf, cap, &p));
    case N_ENVIRON:
        r = pm_info(n->pid, PM_INFO_ENVIRON, &m);
        if (r < 0) return r;
        if ((size_t)r > cap) r = (long)cap;
        memcpy(buf, &ib()->w[IPC_REG_WORDS], (size_t)r);
        return r;
    case N_MEMINFO:
    case N_UPTIME:
    case N_LOADAVG:
        if ((r = sys_get(&s)) < 0) return r;
        return (long)(n->type == N_MEMINFO  ? gen_meminfo(buf, cap, &s)
                      : n->type == N_UPTIME ? gen_uptime(buf, cap, &s)
                                            : gen_loadavg(buf, cap, &s));
    case N_CPUINFO:
        return (long)gen_cpuinfo(buf, cap, &procfs_cpu);
    case N_VERSION:
        return (long)gen_version(buf, cap);
    case N_MOUNTS:
        return mounts_text(buf, cap);
    default:
        return -EISDIR;
    }
}
