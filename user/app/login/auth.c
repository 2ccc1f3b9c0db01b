#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "auth.h"
#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

char auth_root[256] = "";

static void path_of(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s%s", auth_root, rel);
}

bool auth_valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > AUTH_NAME_MAX || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* Splits line (no newline) at ':' into at most max fields; the count. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *c = line; *c; c++)
        if (*c == ':') {
            *c = 0;
            if (n == max)
                return max + 1; /* too many fields: malformed */
            f[n++] = c + 1;
        }
    return n;
}

static bool parse_id(const char *s, unsigned long *out)
{
    if (!*s || strlen(s) > 10)
        return false;
    unsigned long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    if (v > 0x7FFFFFFFul)
        return false;
    *out = v;
    return true;
}

/* Reads the next line of f into buf without its newline; false at the end. Over-long lines
 * are consumed and reported as empty (so they are skipped as malformed). */
static bool next_line(FILE *f, char *buf, size_t n)
{
    if (!fgets(buf, (int)n, f))
        return false;
    size_t l = strlen(buf);
    if (l && buf[l - 1] == '\n') {
        buf[l - 1] = 0;
    } else if (l == n - 1) {
        int c;
        while ((c = fgetc(f)) != EOF && c != '\n')
            ;
        buf[0] = 0;
    }
    return true;
}

/* Parses one passwd line; false when malformed. */
static bool parse_passwd(char *line, struct auth_user *u)
{
    char *f[8];
    unsigned long uid, gid;
    if (split(line, f, 7) != 7 || !auth_valid_name(f[0]) || !parse_id(f[2], &uid) ||
        !parse_id(f[3], &gid) || strlen(f[4]) >= sizeof u->gecos ||
        strlen(f[5]) >= sizeof u->home || strlen(f[6]) >= sizeof u->shell || f[5][0] != '/')
        return false;
    memset(u, 0, sizeof *u);
    strcpy(u->name, f[0]);
    u->uid = (uid_t)uid;
    u->gid = (gid_t)gid;
    strcpy(u->gecos, f[4]);
    strcpy(u->home, f[5]);
    strcpy(u->shell, f[6][0] ? f[6] : "/bin/sh");
    return true;
}

static int find_user(const char *name, long uid, struct auth_user *u)
{
    char path[300], line[AUTH_LINE_MAX];
    path_of(path, sizeof path, "/etc/passwd");
    FILE *f = fopen(path, "r");
    if (!f)
        return -EIO;
    int r = -ENOENT, lineno = 0;
    while (next_line(f, line, sizeof line)) {
        lineno++;
        if (!line[0] || line[0] == '#')
            continue;
        struct auth_user cand;
        if (!parse_passwd(line, &cand)) {
            fprintf(stderr, "%s:%d: malformed passwd line ignored\n", path, lineno);
            continue;
        }
        if ((name && !strcmp(cand.name, name)) || (!name && (long)cand.uid == uid)) {
            *u = cand;
            r = 0;
            break;
        }
    }
    fclose(f);
    return r;
}

int auth_user_by_name(const char *name, struct auth_user *u)
{
    return find_user(name, -1, u);
}

int auth_user_by_uid(uid_t uid, struct auth_user *u)
{
    return find_user(NULL, (long)uid, u);
}

bool auth_in_group(const struct auth_user *u, const char *group)
{
    char path[300], line[AUTH_LINE_MAX];
    path_of(path, sizeof path, "/etc/group");
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool found = false;
    while (!found && next_line(f, line, sizeof line)) {
        char *fl[5];
        unsigned long gid;
        if (split(line, fl, 4) != 4 || strcmp(fl[0], group) || !parse_id(fl[2], &gid))
            continue;
        if (gid == u->gid)
            found = true;
        for (char *m = fl[3]; !found && m && *m;) {
            char *comma = strchr(m, ',');
            size_t n = comma ? (size_t)(comma - m) : strlen(m);
            if (n == strlen(u->name) && !strncmp(m, u->name, n))
                found = true;
            m = comma ? comma + 1 : NULL;
        }
    }
    fclose(f);
    return found;
}

bool auth_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = la > lb ? la : lb;
    volatile unsigned char d = (unsigned char)(la != lb);
    for (size_t i = 0; i < n; i++) {
        unsigned char x = i < la ? (unsigned char)a[i] : 0, y = i < lb ? (unsigned char)b[i] : 0;
        d |= x ^ y;
    }
    return d == 0;
}

void auth_wipe(void *p, size_t n)
{
    volatile unsigned char *c = p;
    while (n--)
        *c++ = 0;
}

/* The shadow hash of name into out; 0, -ENOENT, -EIO. */
static int shadow_hash(const char *name, char *out, size_t n)
{
    char path[300], line[AUTH_LINE_MAX];
    path_of(path, sizeof path, "/etc/shadow");
    /* /etc/shadow is root's: su, sudo and passwd run as their caller, with the SUPERVISOR
     * profile that lets them take root's effective id just for this read. */
    uid_t euid = geteuid();
    bool raised = euid != 0 && seteuid(0) == 0;
    FILE *f = fopen(path, "r");
    if (raised && seteuid(euid) != 0)
        _exit(1); /* cannot drop the privilege again: stop rather than go on as root */
    if (!f)
        return -EIO;
    int r = -ENOENT;
    while (next_line(f, line, sizeof line)) {
        char *fl[10];
        if (split(line, fl, 9) != 9 || strcmp(fl[0], name))
            continue;
        if (strlen(fl[1]) < n) {
            strcpy(out, fl[1]);
            r = 0;
        }
        break;
    }
    auth_wipe(line, sizeof line);
    fclose(f);
    return r;
}

/* A valid hash of nothing in particular, so unknown users cost as much as known ones. */
static const char dummy_hash[] =
    "$6$rounds=100000$cluudummysalt$0RAVmhoECLNiFS0fNOHQHUrhOiLvdzJ4n7KOr3eVeBU9VHtuvNkXLQb"
    "KVs0zjW3GLQtNPnK7mT6P/HoBeYxuL0";

bool auth_check_password(const char *name, const char *password)
{
    char hash[256];
    bool known = shadow_hash(name, hash, sizeof hash) == 0;
    /* Locked ("!..."), disabled ("*") and empty hashes never match. */
    bool usable = known && hash[0] == '$';
    const char *setting = usable ? hash : dummy_hash;
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return false;
    const char *h = crypt_r(password, setting, cd);
    bool ok = h && h[0] == '$' && auth_equal(h, setting) && usable;
    auth_wipe(cd, sizeof *cd);
    free(cd);
    auth_wipe(hash, sizeof hash);
    return ok;
}

char *auth_hash(const char *password)
{
    static const char b64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    unsigned char rnd[16];
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0)
        fd = open("/dev/random", O_RDONLY);
    if (fd < 0 || read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    close(fd);
    char setting[64] = "$6$rounds=100000$";
    size_t l = strlen(setting);
    for (int i = 0; i < 16; i++)
        setting[l++] = b64[rnd[i] % 64];
    setting[l++] = '$';
    setting[l] = 0;
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return NULL;
    const char *h = crypt_r(password, setting, cd);
    char *out = h && h[0] == '$' ? strdup(h) : NULL;
    auth_wipe(cd, sizeof *cd);
    free(cd);
    return out;
}

/* Rewrites the file at rel line by line through edit (which may change the line in place
 * or return false to drop it), then appends extra (may be NULL); atomic. */
static int rewrite(const char *rel, mode_t mode, bool (*edit)(char *line, size_t n, void *ctx),
                   void *ctx, const char *extra)
{
    char path[300], tmp[320], line[AUTH_LINE_MAX];
    path_of(path, sizeof path, rel);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *in = fopen(path, "r");
    if (!in)
        return -errno;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0) {
        int e = errno;
        fclose(in);
        return e == EEXIST ? -EBUSY : -e;
    }
    FILE *out = fdopen(fd, "w");
    int r = 0;
    while (r == 0 && next_line(in, line, sizeof line)) {
        if (edit && !edit(line, sizeof line, ctx))
            continue;
        if (fprintf(out, "%s\n", line) < 0)
            r = -EIO;
    }
    if (r == 0 && extra && fprintf(out, "%s\n", extra) < 0)
        r = -EIO;
    fclose(in);
    if (r == 0 && (fflush(out) || fsync(fileno(out))))
        r = -errno;
    if (fclose(out) && r == 0)
        r = -EIO;
    if (r == 0 && rename(tmp, path))
        r = -errno;
    if (r)
        unlink(tmp);
    auth_wipe(line, sizeof line);
    return r;
}

struct hash_edit {
    const char *name, *hash;
    bool done;
};

static bool set_hash_line(char *line, size_t n, void *ctx)
{
    struct hash_edit *e = ctx;
    size_t nl = strlen(e->name);
    if (strncmp(line, e->name, nl) || line[nl] != ':')
        return true;
    char *rest = strchr(line + nl + 1, ':');
    if (!rest)
        return true;
    char copy[AUTH_LINE_MAX];
    if ((size_t)snprintf(copy, sizeof copy, "%s:%s%s", e->name, e->hash, rest) >= n)
        return true;
    strcpy(line, copy);
    auth_wipe(copy, sizeof copy);
    e->done = true;
    return true;
}

int auth_set_hash(const char *name, const char *hash)
{
    if (!auth_valid_name(name) || strchr(hash, ':') || strchr(hash, '\n'))
        return -EINVAL;
    struct hash_edit e = {name, hash, false};
    int r = rewrite("/etc/shadow", 0600, set_hash_line, &e, NULL);
    return r ? r : e.done ? 0 : -ENOENT;
}

static bool drop_name(char *line, size_t n, void *ctx)
{
    (void)n;
    const char *name = ctx;
    size_t nl = strlen(name);
    return strncmp(line, name, nl) || line[nl] != ':';
}

int auth_add_user(const char *name, uid_t *uid_out)
{
    if (!auth_valid_name(name))
        return -EINVAL;
    struct auth_user u;
    if (auth_user_by_name(name, &u) == 0)
        return -EEXIST;
    uid_t uid = 1000;
    while (auth_user_by_uid(uid, &u) == 0)
        uid++;
    char line[AUTH_LINE_MAX], home[300];
    snprintf(line, sizeof line, "%s:x:%u:%u::/home/%s:/bin/sh", name, (unsigned)uid,
             (unsigned)uid, name);
    int r = rewrite("/etc/passwd", 0644, NULL, NULL, line);
    if (r == 0) {
        snprintf(line, sizeof line, "%s:x:%u:", name, (unsigned)uid);
        r = rewrite("/etc/group", 0644, NULL, NULL, line);
    }
    if (r == 0) {
        snprintf(line, sizeof line, "%s:!:%ld:0:99999:7:::", name, (long)(time(NULL) / 86400));
        r = rewrite("/etc/shadow", 0600, NULL, NULL, line);
    }
    if (r == 0) {
        snprintf(home, sizeof home, "%s/home/%s", auth_root, name);
        if (mkdir(home, 0700) && errno != EEXIST)
            r = -errno;
        else if (chown(home, uid, uid) && getuid() == 0)
            r = -errno;
    }
    if (r == 0 && uid_out)
        *uid_out = uid;
    return r;
}

int auth_del_user(const char *name)
{
    struct auth_user u;
    if (!auth_valid_name(name) || auth_user_by_name(name, &u))
        return -ENOENT;
    if (u.uid == 0)
        return -EPERM;
    int r = rewrite("/etc/passwd", 0644, drop_name, (void *)name, NULL);
    if (r == 0)
        r = rewrite("/etc/shadow", 0600, drop_name, (void *)name, NULL);
    if (r == 0)
        r = rewrite("/etc/group", 0644, drop_name, (void *)name, NULL);
    return r;
}

void auth_log(const char *program, const char *fmt, ...)
{
    char path[300], msg[512], when[32];
    path_of(path, sizeof path, "/var/log/auth.log");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm))
        strcpy(when, "?");
    uid_t euid = geteuid(); /* the log is root's: as for /etc/shadow */
    bool raised = euid != 0 && seteuid(0) == 0;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (raised && seteuid(euid) != 0)
        _exit(1);
    if (fd < 0)
        return;
    dprintf(fd, "%s %s[%ld]: %s\n", when, program, (long)getpid(), msg);
    close(fd);
}

int auth_read_secret(int fd, const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    bool tty = tcgetattr(fd, &old) == 0;
    if (tty) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    if (prompt)
        (void)!write(fd == 0 ? 2 : fd, prompt, strlen(prompt));
    size_t len = 0;
    int r = -1;
    for (;;) {
        char c;
        ssize_t got = read(fd, &c, 1);
        if (got <= 0)
            break;
        if (c == '\n' || c == '\r') {
            r = 0;
            break;
        }
        if (len + 1 < n)
            buf[len++] = c;
    }
    buf[len] = 0;
    if (tty) {
        tcsetattr(fd, TCSAFLUSH, &old);
        (void)!write(fd == 0 ? 2 : fd, "\n", 1);
    }
    return r == 0 || len ? 0 : -1;
}
