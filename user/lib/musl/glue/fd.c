/* File descriptors: fd n is the open-file capability in slot PROC_CAP_FD0 + n
 * (abi/proto/procmgr.h), so procmgr's fork and exec hand them on without the glue's help.
 * The glue keeps beside each what the capability cannot say: FD_CLOEXEC, the file type, and
 * for directories the absolute path they were opened by (for openat and fchdir).
 *
 * I/O goes straight to the file's server with the open-file protocol (abi/proto/file.h).
 * Without a capability in fd 1 or 2, writes go to the kernel's debug console (boot services
 * and tests rely on it). */
#include "glue.h"

#define NFD PROC_FD_MAX
#define NPATHS 16
#define DEBUG_WRITE_MAX 4096

enum { FD_UNKNOWN, FD_OPEN, FD_CLOSED };
struct fdmeta {
    uint8_t state, cloexec;
    int8_t path; /* index into paths, -1: none */
    uint32_t type;
};

struct glue_lock fd_lock;
static struct fdmeta fds[NFD];
static char paths[NPATHS][VFS_PATH_MAX];
static uint8_t path_used[NPATHS];

/* An fd's state, asking the cspace when the glue has not seen it yet (after exec). */
static int fd_state(long fd)
{
    if (fds[fd].state == FD_UNKNOWN) {
        long t = invoke1(PROC_CAP_CSPACE, CSPACE_INFO, FD_SLOT(fd));
        fds[fd].state = t == OBJ_ENDPOINT ? FD_OPEN : FD_CLOSED;
        fds[fd].path = -1;
    }
    return fds[fd].state;
}

cap_t glue_fd_cap(long fd)
{
    if (fd < 0 || fd >= NFD) return 0;
    return fd_state(fd) == FD_OPEN ? FD_SLOT(fd) : 0;
}

/* The kernel debug console, standing in for fds 1 and 2 when they do not exist. */
static int is_console(long fd)
{
    return (fd == 1 || fd == 2) && !glue_fd_cap(fd);
}

static long console_write(const char *buf, uint64_t len)
{
    uint64_t done = 0;
    while (done < len) {
        uint64_t n = len - done > DEBUG_WRITE_MAX ? DEBUG_WRITE_MAX : len - done;
        long r = sys_debug_write((uint64_t)(buf + done), n);
        if (r < 0) return done ? (long)done : r;
        done += (uint64_t)r;
        if ((uint64_t)r < n) break;
    }
    return (long)done;
}

static int path_save(const char *p)
{
    if (!p) return -1;
    size_t n = 0;
    while (p[n])
        n++;
    if (n >= VFS_PATH_MAX) return -1;
    for (int i = 0; i < NPATHS; i++)
        if (!path_used[i]) {
            path_used[i] = 1;
            for (size_t k = 0; k <= n; k++)
                paths[i][k] = p[k];
            return i;
        }
    return -1;
}

static void meta_clear(long fd)
{
    if (fds[fd].path >= 0) path_used[(int)fds[fd].path] = 0;
    fds[fd] = (struct fdmeta){FD_CLOSED, 0, -1, 0};
}

/* The lowest fd >= min that is free; with fd_lock held. */
static long fd_free_locked(long min)
{
    for (long fd = min < 0 ? 0 : min; fd < NFD; fd++)
        if (fd_state(fd) != FD_OPEN &&
            invoke1(PROC_CAP_CSPACE, CSPACE_INFO, FD_SLOT(fd)) == OBJ_NULL)
            return fd;
    return -EMFILE;
}

long glue_fd_install(cap_t s, long min, int cloexec, unsigned type, const char *path)
{
    glue_lock(&fd_lock);
    long fd = fd_free_locked(min);
    long r = fd;
    if (fd >= 0) r = invoke2(PROC_CAP_CSPACE, CSPACE_MOVE, FD_SLOT(fd), s);
    if (r >= 0) {
        slot_free(s);
        fds[fd] = (struct fdmeta){FD_OPEN, (uint8_t) !!cloexec, (int8_t)path_save(path), type};
        r = fd;
    }
    glue_unlock(&fd_lock);
    return r;
}

const char *glue_fd_path(long fd)
{
    if (!glue_fd_cap(fd) || fds[fd].path < 0) return NULL;
    return paths[(int)fds[fd].path];
}

long glue_read(long fd, void *buf, uint64_t n, uint64_t off)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) return -EBADF;
    if (fds[fd].type == L_S_IFDIR) return -EISDIR;
    return file_read(c, buf, n, off);
}

long glue_write(long fd, const void *buf, uint64_t n, uint64_t off)
{
    if (is_console(fd)) return console_write(buf, n);
    cap_t c = glue_fd_cap(fd);
    if (!c) return -EBADF;
    long r = file_write(c, buf, n, off);
    if (r == -EPIPE) {
        /* No reader: SIGPIPE, as Linux raises it, to the process (procmgr delivers it to
         * the main thread; its default action ends the process). */
        glue_proc_call(LINUX_kill, glue_getpid(), SIGPIPE, 0, 0, 0);
    }
    return r;
}

static long vector_io(long fd, const struct l_iovec *iov, long cnt, uint64_t off, int wr)
{
    if (cnt < 0 || cnt > 1024) return -EINVAL;
    long total = 0;
    for (long i = 0; i < cnt; i++) {
        if (!iov[i].len) continue;
        uint64_t at = off == FILE_OFF_CUR ? off : off + (uint64_t)total;
        long r = wr ? glue_write(fd, iov[i].base, iov[i].len, at)
                    : glue_read(fd, iov[i].base, iov[i].len, at);
        if (r < 0) return total ? total : r;
        total += r;
        if ((uint64_t)r < iov[i].len) break;
    }
    return total;
}

long glue_readv(long fd, const struct l_iovec *iov, long cnt, uint64_t off)
{
    return vector_io(fd, iov, cnt, off, 0);
}

long glue_writev(long fd, const struct l_iovec *iov, long cnt, uint64_t off)
{
    return vector_io(fd, iov, cnt, off, 1);
}

long glue_close(long fd)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) return -EBADF;
    file_call(c, FILE_CLOSE, 0, 0);
    glue_lock(&fd_lock);
    invoke1(PROC_CAP_CSPACE, CSPACE_DELETE, c);
    meta_clear(fd);
    glue_unlock(&fd_lock);
    return 0;
}

long glue_lseek(long fd, int64_t off, int whence)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) return is_console(fd) ? -LINUX_ESPIPE : -EBADF;
    return file_seek(c, off, whence);
}

/* Copies fd's capability (after FILE_DUP) into slot newfd, which must be empty. */
static long copy_fd_locked(long fd, long newfd, int cloexec)
{
    cap_t c = FD_SLOT(fd);
    long r = file_call(c, FILE_DUP, 0, 0);
    if (r < 0) return r;
    r = invoke3(PROC_CAP_CSPACE, CSPACE_COPY, FD_SLOT(newfd), c, RIGHT_ALL);
    if (r < 0) {
        file_call(c, FILE_CLOSE, 0, 0);
        return r;
    }
    const char *p = fds[fd].path >= 0 ? paths[(int)fds[fd].path] : NULL;
    fds[newfd] = (struct fdmeta){FD_OPEN, (uint8_t) !!cloexec, (int8_t)path_save(p), fds[fd].type};
    return newfd;
}

long glue_dup(long fd, long min, int cloexec)
{
    if (!glue_fd_cap(fd)) return -EBADF;
    if (min < 0 || min >= NFD) return -EINVAL;
    glue_lock(&fd_lock);
    long r = fd_free_locked(min);
    if (r >= 0) r = copy_fd_locked(fd, r, cloexec);
    glue_unlock(&fd_lock);
    return r;
}

long glue_dup3(long oldfd, long newfd, int flags, int dup2)
{
    if (!glue_fd_cap(oldfd)) return -EBADF;
    if (newfd < 0 || newfd >= NFD) return -EBADF;
    if (oldfd == newfd) return dup2 ? newfd : -EINVAL;
    if (flags & ~L_O_CLOEXEC) return -EINVAL;
    if (glue_fd_cap(newfd)) glue_close(newfd);
    glue_lock(&fd_lock);
    long r = copy_fd_locked(oldfd, newfd, flags & L_O_CLOEXEC);
    glue_unlock(&fd_lock);
    return r;
}

long glue_fcntl(long fd, int cmd, long arg)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) return -EBADF;
    switch (cmd) {
    case L_F_DUPFD:
        return glue_dup(fd, arg, 0);
    case L_F_DUPFD_CLOEXEC:
        return glue_dup(fd, arg, 1);
    case L_F_GETFD:
        return fds[fd].cloexec ? L_FD_CLOEXEC : 0;
    case L_F_SETFD:
        fds[fd].cloexec = (arg & L_FD_CLOEXEC) != 0;
        return 0;
    case L_F_GETFL:
        return file_call(c, FILE_GETFL, 0, 0);
    case L_F_SETFL:
        return file_call(c, FILE_SETFL, (uint64_t)arg & (L_O_APPEND | L_O_NONBLOCK), 0);
    case 5: /* F_GETLK */
    case 6: /* F_SETLK */
    case 7: /* F_SETLKW */
        return -ENOSYS;
    default:
        return -EINVAL;
    }
}

long glue_ioctl(long fd, unsigned long req, uint64_t arg)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) return is_console(fd) ? -LINUX_ENOTTY : -EBADF;
    void *p = (void *)arg;
    switch (req) {
    case L_TCGETS:
        return file_ioctl(c, req, 0, p, 0, L_TERMIOS_SIZE);
    case L_TCSETS:
    case L_TCSETSW:
    case L_TCSETSF:
        return file_ioctl(c, req, 0, p, L_TERMIOS_SIZE, 0);
    case L_TIOCGWINSZ:
        return file_ioctl(c, req, 0, p, 0, L_WINSIZE_SIZE);
    case L_TIOCSWINSZ:
        return file_ioctl(c, req, 0, p, L_WINSIZE_SIZE, 0);
    case L_TIOCGPGRP:
    case L_FIONREAD:
        return file_ioctl(c, req, 0, p, 0, 4);
    case L_TIOCSPGRP:
        return file_ioctl(c, req, 0, p, 4, 0);
    case L_TCSBRK:
    case L_TCXONC:
    case L_TCFLSH:
    case L_TIOCSCTTY: {
        /* The tty cannot tell who calls: the caller's session goes along (abi/proto/tty.h);
         * arg is Linux's "steal" flag. */
        int32_t sid = (int32_t)pm_getsid(PROC_CAP_PROCMGR, 0);
        if (sid <= 0)
            return sid < 0 ? sid : -EPERM;
        return file_ioctl(c, req, arg, &sid, 4, 0);
    }
    case L_TIOCNOTTY:
        return file_ioctl(c, req, arg, NULL, 0, 0);
    case L_FIONBIO: {
        long fl = file_call(c, FILE_GETFL, 0, 0);
        if (fl < 0) return fl;
        fl = *(int *)p ? fl | L_O_NONBLOCK : fl & ~L_O_NONBLOCK;
        return file_call(c, FILE_SETFL, (uint64_t)fl & (L_O_APPEND | L_O_NONBLOCK), 0);
    }
    default:
        return -LINUX_ENOTTY;
    }
}

long glue_pipe2(int *out, int flags)
{
    if (flags & ~(L_O_CLOEXEC | L_O_NONBLOCK)) return -EINVAL;
    cap_t vfs = glue_vfs();
    if (!vfs) return -ENOSYS;
    cap_t rd, wr;
    long r = vfs_pipe(vfs, flags, &rd, &wr);
    if (r < 0) return r;
    int cloexec = (flags & L_O_CLOEXEC) != 0;
    long a = glue_fd_install(rd, 0, cloexec, L_S_IFIFO, NULL);
    if (a < 0) {
        file_call(rd, FILE_CLOSE, 0, 0);
        file_call(wr, FILE_CLOSE, 0, 0);
        slot_delete(rd);
        slot_delete(wr);
        return a;
    }
    long b = glue_fd_install(wr, 0, cloexec, L_S_IFIFO, NULL);
    if (b < 0) {
        file_call(wr, FILE_CLOSE, 0, 0);
        slot_delete(wr);
        glue_close(a);
        return b;
    }
    out[0] = (int)a;
    out[1] = (int)b;
    return 0;
}

/* Ready bits of one fd for events (POLLNVAL for a bad one). */
static int poll_one(long fd, int events)
{
    if (is_console(fd)) return events & L_POLLOUT;
    cap_t c = glue_fd_cap(fd);
    if (!c) return L_POLLNVAL;
    long r = file_call(c, FILE_POLL, (uint64_t)events & (L_POLLIN | L_POLLOUT | L_POLLPRI), 0);
    if (r < 0) return L_POLLERR;
    return (int)r & (events | L_POLLERR | L_POLLHUP | L_POLLNVAL);
}

#define POLL_STEP_NS 10000000ull /* 10 ms between polls while nothing is ready */

/* Waits one step of a poll loop: 0 to go on, -EINTR, or 1 when timeout_ms has passed. */
static long poll_wait(uint64_t start, int64_t timeout_ms)
{
    uint64_t step = POLL_STEP_NS;
    if (timeout_ms >= 0) {
        uint64_t end = start + (uint64_t)timeout_ms * 1000000ull, now = sys_clock();
        if (now >= end) return 1;
        if (end - now < step) step = end - now;
    }
    return glue_sleep_ns(step);
}

long glue_poll(struct l_pollfd *pfd, uint64_t n, int64_t timeout_ms)
{
    if (n > NFD * 4) return -EINVAL;
    uint64_t start = sys_clock();
    for (;;) {
        long ready = 0;
        for (uint64_t i = 0; i < n; i++) {
            pfd[i].revents = pfd[i].fd < 0 ? 0 : (int16_t)poll_one(pfd[i].fd, pfd[i].events);
            if (pfd[i].revents) ready++;
        }
        if (ready || timeout_ms == 0) return ready;
        long w = poll_wait(start, timeout_ms);
        if (w) return w < 0 ? w : 0;
    }
}

long glue_select(int n, uint64_t *rd, uint64_t *wr, uint64_t *ex, int64_t timeout_ms)
{
    if (n < 0 || n > NFD) return -EINVAL;
    uint64_t start = sys_clock();
    uint64_t ord[NFD / 64] = {0}, owr[NFD / 64] = {0};
    for (;;) {
        long ready = 0;
        for (int fd = 0; fd < n; fd++) {
            uint64_t bit = 1ull << (fd % 64);
            int ev = ((rd && (rd[fd / 64] & bit)) ? L_POLLIN : 0) |
                     ((wr && (wr[fd / 64] & bit)) ? L_POLLOUT : 0);
            ord[fd / 64] &= ~bit;
            owr[fd / 64] &= ~bit;
            if (!ev) continue;
            int re = poll_one(fd, ev);
            if (re & L_POLLNVAL) return -EBADF;
            if ((ev & L_POLLIN) && (re & (L_POLLIN | L_POLLHUP | L_POLLERR))) {
                ord[fd / 64] |= bit;
                ready++;
            }
            if ((ev & L_POLLOUT) && (re & (L_POLLOUT | L_POLLERR))) {
                owr[fd / 64] |= bit;
                ready++;
            }
        }
        if (ready || timeout_ms == 0) {
            for (int w = 0; w < (n + 63) / 64; w++) {
                uint64_t mask = (n - w * 64 >= 64) ? ~0ull : (1ull << (n - w * 64)) - 1;
                if (rd) rd[w] = (rd[w] & ~mask) | ord[w];
                if (wr) wr[w] = (wr[w] & ~mask) | owr[w];
                if (ex) ex[w] &= ~mask; /* no exceptional conditions */
            }
            return ready;
        }
        long w = poll_wait(start, timeout_ms);
        if (w < 0) return w;
        if (w) {
            timeout_ms = 0; /* one last look, then report nothing ready */
        }
    }
}

long glue_fstat(long fd, struct l_stat *st)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) {
        if (!is_console(fd)) return -EBADF;
        /* The debug console: a write-only character device. */
        *st = (struct l_stat){.st_mode = 0020200, .st_nlink = 1, .st_blksize = 4096};
        return 0;
    }
    struct file_stat fs;
    long r = file_stat(c, &fs);
    if (r < 0) return r;
    glue_stat_convert(&fs, st);
    return 0;
}

long glue_getdents64(long fd, void *buf, uint64_t n)
{
    cap_t c = glue_fd_cap(fd);
    if (!c) return -EBADF;
    return file_getdents(c, buf, n);
}

void glue_fds_dup_all(void)
{
    for (long fd = 0; fd < NFD; fd++)
        if (glue_fd_cap(fd)) file_call(FD_SLOT(fd), FILE_DUP, 0, 0);
}

void glue_fds_undup_all(void)
{
    for (long fd = 0; fd < NFD; fd++)
        if (glue_fd_cap(fd)) file_call(FD_SLOT(fd), FILE_CLOSE, 0, 0);
}

void glue_fds_close_cloexec(void)
{
    for (long fd = 0; fd < NFD; fd++)
        if (glue_fd_cap(fd) && fds[fd].cloexec) glue_close(fd);
}

void glue_fds_close_all(void)
{
    for (long fd = 0; fd < NFD; fd++)
        if (glue_fd_cap(fd)) glue_close(fd);
}
