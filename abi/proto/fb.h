#pragma once
/* Framebuffer hand-over (the console in the tty server). procmgr puts the console's
 * framebuffer endpoint (registry name FB_REGISTRY_NAME) in slot PROC_CAP_FB of every process
 * whose profile has DEVICE; others have no way to ask. Clients: framebuffer_acquire() in
 * libcluu. */
#define FB_REGISTRY_NAME "tty.fb"
/* (w0 = the caller's pid: the console takes the framebuffer back when procmgr no longer
 * knows that process) -> w0 = 0 or -errno (-EBUSY: lent already; -ENODEV: no framebuffer), w1 width,
 * w2 height, w3 pitch (bytes), w4 bits per pixel (32: x8r8g8b8); caps[0] the lease, an open
 * file whose FILE_CLOSE (or the holder's exit) gives the framebuffer back and has the console
 * redraw, caps[1] the framebuffer memory (revoked at the release). While lent, the console
 * keeps its terminals up to date but does not draw. */
#define FB_ACQUIRE 1
