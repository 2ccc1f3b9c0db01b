/* The name registry, served by a thread of init. */
#include "init.h"
#include "abi/proto/registry.h"
#include "lib/string.h"

#define MAX_NAMES 64

static struct {
    char name[REGISTRY_NAME_MAX + 1];
    cap_t ep;
} names[MAX_NAMES];

static struct ipc_buffer *ib;

static bool is_control_name(const char *name)
{
    static const char suffix[] = REGISTRY_CONTROL_SUFFIX;
    size_t n = strlen(name), k = sizeof suffix - 1;
    return n >= k && !strcmp(name + n - k, suffix);
}

static long do_register(const struct registry_name *n)
{
    if (ib->caps_in != 1)
        return -EINVAL;
    cap_t received = ib->recv_slots[0];
    if (!n->name[0] || invoke1(CAP_SELF_CSPACE, CSPACE_INFO, received) != OBJ_ENDPOINT) {
        slot_delete(received);
        return -EINVAL;
    }
    int free_i = -1;
    for (int i = 0; i < MAX_NAMES; i++) {
        if (names[i].ep && !strcmp(names[i].name, n->name)) {
            slot_delete(received);
            return -EEXIST;
        }
        if (!names[i].ep && free_i < 0)
            free_i = i;
    }
    if (free_i < 0) {
        slot_delete(received);
        return -ENOSPC;
    }
    memcpy(names[free_i].name, n->name, sizeof names[free_i].name);
    names[free_i].ep = received;
    dprintf_k("registry: '%s' registered\n", n->name);
    return 0;
}

void registry_thread(cap_t ep, struct ipc_buffer *buf)
{
    ib = buf;
    struct ipc_msg m = {0};
    ib->recv_slots[0] = slot_alloc();
    sys_recv(ep, TIMEOUT_FOREVER, &m);
    for (;;) {
        struct registry_name n;
        memcpy(&n, m.w, sizeof n);
        n.name[REGISTRY_NAME_MAX] = 0;
        long r = -ENOSYS;
        uint64_t ncaps = 0;
        bool user = m.badge == REGISTRY_BADGE_USER;
        if (user && is_control_name(n.name) &&
            (IPC_LABEL(m.info) == REGISTRY_REGISTER || IPC_LABEL(m.info) == REGISTRY_LOOKUP)) {
            r = -EPERM;
            if (ib->caps_in) {
                slot_delete(ib->recv_slots[0]);
                ib->recv_slots[0] = slot_alloc();
            }
        } else if (IPC_LABEL(m.info) == REGISTRY_REGISTER) {
            r = do_register(&n);
            if (ib->caps_in)
                ib->recv_slots[0] = slot_alloc();
        } else if (IPC_LABEL(m.info) == REGISTRY_LOOKUP) {
            r = -ENOENT;
            for (int i = 0; i < MAX_NAMES; i++)
                if (names[i].ep && !strcmp(names[i].name, n.name)) {
                    ib->caps_out[0] = names[i].ep;
                    ncaps = 1;
                    r = 0;
                }
        } else if (ib->caps_in) {
            slot_delete(ib->recv_slots[0]);
            ib->recv_slots[0] = slot_alloc();
        }
        m.w[0] = (uint64_t)r;
        sys_reply_recv(ep, IPC_INFO(0, 1, ncaps), &m);
    }
}
