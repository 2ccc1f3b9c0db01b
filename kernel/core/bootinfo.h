#pragma once
#include <stdint.h>
#include "abi/bootcaps.h"

#define MB2_MAGIC 0x36D76289u
#define MEM_AVAILABLE 1
#define MEM_ACPI 3
#define MEM_NVS 4

struct mem_region {
    uint64_t base, len;
    uint32_t type;
};

struct boot_module {
    uint64_t start, end;
    char name[64];
};

struct boot_fb {
    uint64_t addr;
    uint32_t pitch, width, height;
    uint8_t bpp, type;
};

/* What the kernel keeps of the Multiboot2 information (copied before it is unmapped). */
struct bootinfo {
    struct mem_region mem[64];
    int nmem;
    struct boot_module mods[BOOT_MAX_MODULES];
    int nmods;
    struct boot_fb fb;
    uint8_t rsdp[36];
    int has_rsdp;
    char cmdline[256];
    uint64_t mbi_start, mbi_end;
};

extern struct bootinfo bootinfo;

/* Parses the Multiboot2 information at mbi (a virtual address); 0 or -EINVAL. */
int bootinfo_parse(const void *mbi, uint64_t mbi_phys);
