/* Framebuffer hand-over: the console lends the framebuffer to a process whose profile has
 * DEVICE (abi/proto/fb.h). */
#include "cluu.h"
#include "abi/proto/fb.h"
#include "fsclient.h"
#include "abi/proto/procmgr.h"

#define FB_MAP_VA 0x0000500000000000ull

static struct ipc_buffer *ipcbuf(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

/* Moves the lease into a free file descriptor slot, so that procmgr closes it (and the
 * console redraws) when the process exits without releasing. */
static cap_t lease_to_fd(cap_t lease)
{
    for (uint64_t fd = 3; fd < PROC_FD_MAX; fd++) {
        cap_t s = PROC_CAP_FD0 + fd;
        if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, s) != OBJ_NULL) continue;
        if (invoke2(CAP_SELF_CSPACE, CSPACE_MOVE, s, lease) < 0) break;
        slot_free(lease);
        return s;
    }
    return lease;
}

long framebuffer_acquire(struct cluu_fb *fb)
{
    if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, PROC_CAP_FB) != OBJ_ENDPOINT) return -EPERM;
    cap_t lease = slot_alloc(), mem = slot_alloc();
    if (!lease || !mem) {
        if (lease) slot_free(lease);
        if (mem) slot_free(mem);
        return -ENOSPC;
    }
    struct ipc_msg m = {0};
    long pid = pm_getpid(PROC_CAP_PROCMGR, NULL);
    m.w[0] = pid > 0 ? (uint64_t)pid : 0;
    ipcbuf()->recv_slots[0] = lease;
    ipcbuf()->recv_slots[1] = mem;
    long r = sys_call(PROC_CAP_FB, IPC_INFO(FB_ACQUIRE, 0, 0), &m);
    uint64_t got = r < 0 ? 0 : ipcbuf()->caps_in;
    if (r == 0) r = (long)m.w[0];
    if (r == 0 && got != 2) r = -EIO;
    if (r == 0 && (m.w[4] != 32 || !m.w[1] || !m.w[2] || m.w[3] < m.w[1] * 4)) r = -ENODEV;
    uint64_t pages = (m.w[3] * m.w[2] + 4095) / 4096;
    if (r == 0) r = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, mem, FB_MAP_VA, 0, pages, PROT_R | PROT_W);
    if (r < 0) {
        if (got >= 1) file_call(lease, FILE_CLOSE, 0, 0);
        slot_delete(lease);
        slot_delete(mem);
        return r;
    }
    *fb = (struct cluu_fb){(uint8_t *)FB_MAP_VA,
                           (uint32_t)m.w[1],
                           (uint32_t)m.w[2],
                           (uint32_t)m.w[3],
                           32,
                           lease_to_fd(lease),
                           mem,
                           pages};
    return 0;
}

void framebuffer_release(struct cluu_fb *fb)
{
    if (!fb->base) return;
    invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, (uint64_t)fb->base, fb->pages);
    slot_delete(fb->mem);
    file_call(fb->lease, FILE_CLOSE, 0, 0);
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, fb->lease);
    slot_free(fb->lease);
    fb->base = NULL;
}
