/* Forced include (-include) for libcluu's fsclient.c when it is built into the musl glue:
 * its IPC buffer becomes the calling thread's, not the main thread's. libcluu finds the
 * buffer through the global cluu_ipcbuf_va, which only fits single-threaded programs; see
 * README.md ("libcluu objects in the glue"). */
#pragma once
#include "cluu.h"
uint64_t glue_ipcbuf_va(void);
#define cluu_ipcbuf_va (glue_ipcbuf_va())
