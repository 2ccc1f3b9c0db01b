#include "cpu.h"
#include "trap.h"
#include "core/hot.h"
#include "lib/string.h"


__hotdata static uint64_t gdt[7];
__hotdata struct tss tss;

/* Stacks for double fault, NMI and machine check; page 0 of each is a guard page. */
#define IST_PAGES 4
__attribute__((aligned(4096))) uint8_t ist_stacks[3][(IST_PAGES + 1) * 4096];

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00AF9A000000FFFFull; /* kernel code */
    gdt[2] = 0x00CF92000000FFFFull; /* kernel data */
    gdt[3] = 0x00CFF2000000FFFFull; /* user data */
    gdt[4] = 0x00AFFA000000FFFFull; /* user code */
    uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
    gdt[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    gdt[6] = base >> 32;
    memset(&tss, 0, sizeof tss);
    tss.iomap_base = sizeof tss;
    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uint64_t)&ist_stacks[i][sizeof ist_stacks[i]];

    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {sizeof gdt - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n"
                     "pushq $0x08\n"
                     "leaq 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "lretq\n"
                     "1: mov $0x10, %%ax\n"
                     "mov %%ax, %%ds\n"
                     "mov %%ax, %%es\n"
                     "mov %%ax, %%ss\n"
                     "mov $0x28, %%ax\n"
                     "ltr %%ax\n"
                     :
                     : "m"(gdtr)
                     : "rax", "memory");
}

