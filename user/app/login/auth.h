#pragma once
/* Accounts for login, su, sudo, passwd, useradd and userdel: /etc/passwd, /etc/group and
 * /etc/shadow in their standard formats, read and written by our own parser so that a
 * malformed line is reported and skipped (never trusted, never a crash), and so that the
 * host tests can point the library at a scratch directory (auth_root). */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define AUTH_LINE_MAX 1024
#define AUTH_NAME_MAX 32

struct auth_user {
    char name[AUTH_NAME_MAX + 1];
    uid_t uid;
    gid_t gid;
    char gecos[128], home[256], shell[256];
};

/* Directory that holds etc/ and var/ ("" for the real root; tests use a scratch dir). */
extern char auth_root[256];

/* The passwd entry for name or uid; 0, -ENOENT, or -EIO (file unreadable). */
int auth_user_by_name(const char *name, struct auth_user *u);
int auth_user_by_uid(uid_t uid, struct auth_user *u);
/* Is name a member of group (by its member list or as its primary group)? */
bool auth_in_group(const struct auth_user *u, const char *group);
/* Checks password against the user's /etc/shadow hash in constant time (a locked or
 * missing entry never matches; an unknown user costs the same hashing time). */
bool auth_check_password(const char *name, const char *password);
/* Hashes password as sha512crypt with 100,000 rounds and a fresh salt; NULL on failure. */
char *auth_hash(const char *password);
/* Replaces name's hash in /etc/shadow atomically (temp file, fsync, rename); 0 or -errno. */
int auth_set_hash(const char *name, const char *hash);
/* Adds a user (next free uid >= 1000, own group, home 0700 owned by it, shell /bin/sh,
 * password locked until passwd); 0 or -errno (-EEXIST, -EINVAL for a bad name). */
int auth_add_user(const char *name, uid_t *uid_out);
/* Removes a user's passwd, shadow and group lines (the home directory stays); 0 or -errno. */
int auth_del_user(const char *name);
/* Is name acceptable as a user name ([a-z_][a-z0-9_-]{0,31})? */
bool auth_valid_name(const char *name);
/* Appends "date program: message" to /var/log/auth.log (best effort). */
void auth_log(const char *program, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Equal strings, compared in time independent of where they differ. */
bool auth_equal(const char *a, const char *b);
/* Reads a line from the terminal on fd with echo off (restored after); 0 or -1 at EOF. */
int auth_read_secret(int fd, const char *prompt, char *buf, size_t n);
/* Clears a secret in a way the compiler keeps. */
void auth_wipe(void *p, size_t n);
