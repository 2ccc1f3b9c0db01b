#pragma once
#include <stdint.h>

/* Name registry (served by init). A service publishes an endpoint under a name; a client
 * holding the registry capability (profile REGISTRY) looks one up and receives the endpoint.
 * Requests are calls with the label below; names travel in words 0..3 (up to 31 bytes,
 * NUL-padded). The reply's word 0 is 0 or -errno. */
#define REGISTRY_NAME_MAX 31
/* Control names (ending in ".control", e.g. vfs.control, which creates vfs clients with any
 * credentials) are for the system only: procmgr and the boot services init starts hold the
 * registry capability unbadged; every other process's is badged REGISTRY_BADGE_USER and
 * gets -EPERM when it looks up or registers such a name. */
#define REGISTRY_BADGE_USER 1
#define REGISTRY_CONTROL_SUFFIX ".control"
#define REGISTRY_REGISTER 1 /* + 1 capability (the endpoint) -> 0, -EEXIST, -EINVAL */
#define REGISTRY_LOOKUP 2   /* -> 0 + 1 capability, or -ENOENT */

struct registry_name {
    char name[REGISTRY_NAME_MAX + 1];
};
_Static_assert(sizeof(struct registry_name) == 4 * sizeof(uint64_t), "registry name is 4 words");
