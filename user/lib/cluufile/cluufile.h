#pragma once
/* Cluufile parser, shared by the host image builder and the OS. Freestanding: no malloc,
 * all storage is inside struct cluufile. Strings live in a pool and are named by offsets. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLUUFILE_LINE_MAX 4096 /* logical line, after joining continuations */
#define CLUUFILE_ENV_MAX 64
#define CLUUFILE_MOUNT_MAX 32
#define CLUUFILE_ARG_MAX 32
#define CLUUFILE_ENTRY_MAX 64
#define CLUUFILE_BUILD_MAX 32
#define CLUUFILE_NAME_MAX 64  /* image names (name, FROM), including the NUL */
#define CLUUFILE_PATH_MAX 256 /* MOUNT paths, including the NUL */
#define CLUUFILE_POOL_SIZE 16384
#define CLUUFILE_RESTART_MAX_LIMIT 65535u
#define CLUUFILE_BACKOFF_LIMIT_MS 3600000u

/* PROFILE capability bits; the manifest lists them in this order. */
#define CLUUFILE_CAP_IPC (1u << 0)
#define CLUUFILE_CAP_VFS (1u << 1)
#define CLUUFILE_CAP_REGISTRY (1u << 2)
#define CLUUFILE_CAP_ADMIN (1u << 3)
#define CLUUFILE_CAP_DEVICE (1u << 4)
#define CLUUFILE_CAP_SUPERVISOR (1u << 5)
#define CLUUFILE_CAP_COUNT 6

enum cluufile_mount_mode {
    CLUUFILE_MOUNT_INHERIT,
    CLUUFILE_MOUNT_PRIVATE,
    CLUUFILE_MOUNT_READONLY,
    CLUUFILE_MOUNT_NONE,
};

enum cluufile_restart {
    CLUUFILE_RESTART_NO,
    CLUUFILE_RESTART_ON_FAILURE,
    CLUUFILE_RESTART_ALWAYS,
};

struct cluufile_mount {
    uint16_t path; /* pool offset */
    uint8_t mode;  /* enum cluufile_mount_mode */
};

struct cluufile_env {
    uint16_t key, value; /* pool offsets */
};

struct cluufile_arg {
    uint16_t name, value; /* pool offsets; value is "" when ARG had no default */
};

struct cluufile {
    char name[CLUUFILE_NAME_MAX]; /* from the manifest or cluufile_set_name; "" after parse */
    char from[CLUUFILE_NAME_MAX]; /* base image, "scratch" when FROM is absent */
    uint32_t profile;             /* CLUUFILE_CAP_* */
    uint8_t restart;              /* enum cluufile_restart, CLUUFILE_RESTART_NO by default */
    uint16_t restart_max;         /* 0: unlimited */
    uint32_t restart_backoff_ms;
    uint16_t nmounts, nenv, nargs, nentry, nbuild;
    struct cluufile_mount mounts[CLUUFILE_MOUNT_MAX]; /* in file order */
    struct cluufile_env env[CLUUFILE_ENV_MAX];        /* in file order */
    struct cluufile_arg args[CLUUFILE_ARG_MAX];       /* build-time only, not in the manifest */
    uint16_t entrypoint[CLUUFILE_ENTRY_MAX];          /* argv, pool offsets */
    uint16_t build[CLUUFILE_BUILD_MAX];               /* build-time only, not in the manifest */
    uint16_t pool_used;
    char pool[CLUUFILE_POOL_SIZE];
};

/* The string at pool offset off. */
static inline const char *cluufile_str(const struct cluufile *c, uint16_t off)
{
    return c->pool + off;
}

/* Parses a Cluufile. Returns 0, or -EINVAL with "file:line: what was expected" in err
 * (always NUL-terminated when errlen > 0). out is unspecified on failure. */
int cluufile_parse(const char *filename, const char *text, size_t len, struct cluufile *out,
                   char *err, size_t errlen);

/* Parses a manifest as written by cluufile_normalise. Same contract as cluufile_parse. */
int cluufile_parse_manifest(const char *filename, const char *text, size_t len,
                            struct cluufile *out, char *err, size_t errlen);

/* Writes the normalised manifest into buf (NUL-terminated). Returns its length, -EINVAL if
 * c has no valid name or no entrypoint, or -ENOSPC if it does not fit in n bytes. */
int cluufile_normalise(const struct cluufile *c, char *buf, size_t n);

/* Sets the image name; 0, or -EINVAL unless name matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,62}. */
int cluufile_set_name(struct cluufile *c, const char *name);

/* Canonical spellings: "IPC", "inherit", "on-failure"... NULL when out of range. */
const char *cluufile_cap_name(unsigned index);
const char *cluufile_mount_mode_name(unsigned mode);
const char *cluufile_restart_name(unsigned policy);
