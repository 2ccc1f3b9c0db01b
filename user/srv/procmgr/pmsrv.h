#pragma once
/* What init and procmgr agree on: procmgr's capability slots and reserved pids. */
/* procmgr's own capability slots, placed there by init. */
#define PMSRV_CAP_EP 8        /* the procmgr endpoint (all rights) */
#define PMSRV_CAP_REGISTRY 9  /* registry endpoint, handed to children with profile REGISTRY */
#define PMSRV_CAP_POOL 10     /* untyped memory for new processes */
#define PMSRV_CAP_IRQ_CONTROL 11 /* handed to profile HW */
#define PMSRV_CAP_IOPORT 12
#define PMSRV_CAP_FRAMEBUFFER 13
#define PMSRV_CAP_BOOTINFO 14 /* boot information page, mapped for profile BOOT */
#define PMSRV_VFS_CONTROL_NAME "vfs.control" /* registry name of vfs's control endpoint */
#define PM_FAULT_BADGE (1ull << 40) /* fault messages: badge = pid | PM_FAULT_BADGE */
#define PM_PID_INIT 1
#define PM_PID_SELF 2
