#pragma once
#include "cluu.h"

/* Capabilities (in the builder's cspace) of a process built by proc_build. */
struct proc_caps {
    cap_t thread, cspace, vspace, untyped;
};

/* Builds a process from a static ELF image: a quota split from untyped, its own cspace
 * (PROC_CSPACE_SLOTS) and vspace, loaded segments, a start-up stack with argv/envp/auxv
 * (auxv_extra: AT_NULL-terminated pairs, may be NULL), its IPC buffer and the PROC_CAP_*
 * capabilities of abi/proto/procmgr.h. The thread is configured but not resumed.
 * 0, -ENOEXEC for a bad image (the reason is logged), -ENOMEM, -E2BIG. */
long proc_build(cap_t untyped, uint64_t quota, const uint8_t *elf, uint64_t size,
                char *const argv[], char *const envp[], const uint64_t *auxv_extra,
                struct proc_caps *out);
/* Stops and frees a process: revokes every capability derived from its objects. */
void proc_destroy(struct proc_caps *c);
