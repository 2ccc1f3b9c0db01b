#pragma once
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

#define GDT_KCODE 0x08
#define GDT_KDATA 0x10
#define GDT_UDATA 0x18
#define GDT_UCODE 0x20
#define GDT_TSS 0x28

#define VEC_IRQ_BASE 32
#define VEC_TIMER 0xF0
#define VEC_SPURIOUS 0xFF

typedef void (*irq_handler_t)(struct trap_frame *tf, void *arg);

void gdt_init(void);
void idt_init(void);
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));
extern struct tss tss;

/* Sets the stack the CPU switches to on entry from user mode. */
static inline void tss_set_rsp0(uint64_t rsp0)
{
    tss.rsp[0] = rsp0;
}
/* Installs handler for interrupt vector vec (32..255). */
void trap_set_handler(int vec, irq_handler_t h, void *arg);
/* Prints the register dump and backtrace of tf. */
void trap_dump(const struct trap_frame *tf);
void trap_dispatch(struct trap_frame *tf);
