#pragma once
#include <stdint.h>

/* Name registry (served by init). A service publishes an endpoint under a name; a client
 * holding the registry capability (profile REGISTRY) looks one up and receives the endpoint.
 * Requests are calls with the label below; names travel in words 0..3 (up to 31 bytes,
 * NUL-padded). The reply's word 0 is 0 or -errno. */
#define REGISTRY_NAME_MAX 31
#define REGISTRY_REGISTER 1 /* + 1 capability (the endpoint) -> 0, -EEXIST, -EINVAL */
#define REGISTRY_LOOKUP 2   /* -> 0 + 1 capability, or -ENOENT */

struct registry_name {
    char name[REGISTRY_NAME_MAX + 1];
};
_Static_assert(sizeof(struct registry_name) == 4 * sizeof(uint64_t), "registry name is 4 words");
