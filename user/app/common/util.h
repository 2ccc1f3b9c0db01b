#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <unistd.h> // optind, optarg for next_opt() users

// Shared helpers of CLUU's command-line utilities: messages, options, memory, paths.

// Names the program for messages and gives its usage synopsis; failure status defaults to 1.
void prog_init(const char *name, const char *synopsis);
// Sets the exit status used by usage() and die_*() (grep and sort use 2).
void prog_set_fail(int status);
const char *prog_get_name(void);

// "prog: what: strerror(errno)" on stderr.
void warn_errno(const char *what);
// "prog: message" on stderr.
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die_errno(const char *what);
_Noreturn void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// "usage: prog synopsis" on stderr, then exits with the failure status.
_Noreturn void usage(void);

// getopt() with the program's own message for an unknown option or missing argument.
int next_opt(int argc, char *const argv[], const char *optstring);

// Flushes stdout; returns 0, or 1 after reporting a write error.
int finish_stdout(void);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
// "dir/name" without doubling a trailing slash of dir; malloc'd.
char *path_join(const char *dir, const char *name);
// Calls fn(dir/name, false) for every entry of dir but . and ..; -1 if dir cannot be read
// (reported) or any call returned < 0, else 0.
int for_each_entry(const char *dir, int (*fn)(const char *path, bool top));
// The last component of path, ignoring trailing slashes; points into path or is "/" or ".".
const char *path_base(const char *path, char *buf, size_t size);

// Parses a whole decimal integer; returns 0 on success, -1 if s is not one.
int parse_long(const char *s, long *out);

// Writes all n bytes; returns 0 or -1 with errno.
int write_all(int fd, const void *buf, size_t n);
// Copies in to out until end of file; returns 0, or -1 with errno (*read_failed says which).
int copy_fd(int in, int out, bool *read_failed);

// "drwxr-xr-x" for a mode, 10 characters and a NUL.
void mode_string(mode_t mode, char out[11]);
// Human-readable size as ls -h prints it ("999", "1.5K", "12M").
void human_size(unsigned long long n, char *out, size_t size);

// Applies a chmod-style mode (octal or symbolic "u+x,go-w") to old; -1 if it is malformed.
// is_dir makes X apply; umask_bits is honoured for "+x" with no who, as POSIX requires.
int mode_apply(const char *spec, mode_t old, bool is_dir, mode_t umask_bits, mode_t *out);

// Asks a yes/no question on stderr and reads the answer from stdin.
bool ask_yes(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
