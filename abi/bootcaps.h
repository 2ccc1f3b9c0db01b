#pragma once
/* The capabilities the kernel places in init's cspace (4096 slots), and init's layout. */
#define BOOT_CAP_THREAD 1      /* init's own thread */
#define BOOT_CAP_CSPACE 2      /* init's cspace */
#define BOOT_CAP_VSPACE 3      /* init's vspace */
#define BOOT_CAP_UNTYPED 4     /* all free memory */
#define BOOT_CAP_IRQ_CONTROL 5
#define BOOT_CAP_IOPORT 6      /* every I/O port 0..0xFFFF */
#define BOOT_CAP_FRAMEBUFFER 7 /* framebuffer memory (0 pages when none) */
#define BOOT_CAP_BOOTINFO 8    /* one page: struct boot_user_info */
#define BOOT_CAP_IPCBUF 9      /* init's IPC buffer memory */
#define BOOT_CAP_IMAGE0 10     /* init's own loaded segments as memory objects (up to 6) */
#define BOOT_CAP_MODULE0 16    /* boot modules as memory objects, in order */
#define BOOT_MAX_MODULES 64
#define BOOT_CAP_FIRST_FREE 80

#define BOOT_INFO_VA 0x00007FFFF0000000ull
#define BOOT_IPCBUF_VA 0x00007FFFF0001000ull
#define BOOT_STACK_TOP 0x00007FFFEFFF0000ull
#define BOOT_STACK_PAGES 16

struct boot_module_info {
    unsigned long size;
    char name[24]; /* longer names are cut (the build refuses them) */
};

struct boot_fb_info {
    unsigned long phys, pitch, width, height, bpp;
};

struct boot_segment_info {
    unsigned long va, pages, prot; /* prot: PROT_R/W/X of abi/cap.h */
};

/* How to power off and reset (ACPI FADT and the DSDT's \_S5 package). */
struct boot_power_info {
    unsigned long has_s5, pm1a_cnt, pm1b_cnt, s5_typa, s5_typb; /* I/O ports, SLP_TYP values */
    unsigned long has_reset, reset_space, reset_addr, reset_value; /* space 1: I/O port */
};

/* Read-only page mapped at BOOT_INFO_VA in init. */
struct boot_user_info {
    unsigned long magic; /* BOOT_INFO_MAGIC */
    unsigned long nsegments;
    struct boot_segment_info segments[6]; /* cap BOOT_CAP_IMAGE0 + i */
    unsigned long nmodules;
    struct boot_module_info modules[BOOT_MAX_MODULES];
    struct boot_fb_info fb;
    unsigned long untyped_bytes;
    unsigned long tsc_per_ms;
    struct boot_power_info power;
    unsigned long rtc_epoch_s; /* wall clock at boot (CMOS RTC, UTC); 0 if unreadable */
    unsigned long rtc_boot_ns; /* the clock system call's value when it was read */
    char cmdline[512];
};
#define BOOT_INFO_MAGIC 0xC1005B007ull
_Static_assert(sizeof(struct boot_user_info) <= 4096, "boot information fits its page");
_Static_assert(BOOT_CAP_MODULE0 + BOOT_MAX_MODULES <= BOOT_CAP_FIRST_FREE, "module slots");
