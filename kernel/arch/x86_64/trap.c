#include "trap.h"
#include "cpu.h"
#include "abi/cap.h"
#include "lapic.h"
#include "core/backtrace.h"
#include "core/log.h"
#include "core/panic.h"
#include "mm/paging.h"
#include "core/syscall.h"
#include "core/usercopy.h"
#include "object/thread.h"
#include "object/vspace.h"

struct idt_gate {
    uint16_t off0, sel;
    uint8_t ist, type;
    uint16_t off1;
    uint32_t off2, zero;
} __attribute__((packed));

extern char isr_base[];
static struct idt_gate idt[256];
static struct {
    irq_handler_t fn;
    void *arg;
} handlers[256];

static const char *const exc_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
    "device not available", "double fault", "coprocessor overrun", "invalid TSS",
    "segment not present", "stack fault", "general protection", "page fault", "reserved",
    "x87 FP", "alignment check", "machine check", "SIMD FP", "virtualization",
    "control protection", [28] = "hypervisor injection", [29] = "VMM communication",
    [30] = "security"};

void idt_init(void)
{
    for (int v = 0; v < 256; v++) {
        uint64_t a = (uint64_t)isr_base + 16 * v;
        idt[v] = (struct idt_gate){.off0 = a & 0xFFFF, .sel = GDT_KCODE, .ist = 0,
                                   .type = 0x8E, .off1 = (a >> 16) & 0xFFFF, .off2 = a >> 32};
    }
    idt[2].ist = 2;
    idt[8].ist = 1;
    idt[18].ist = 3;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = {sizeof idt - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

void trap_set_handler(int vec, irq_handler_t h, void *arg)
{
    handlers[vec].arg = arg;
    handlers[vec].fn = h;
}

void trap_dump(const struct trap_frame *tf)
{
    uint64_t off;
    const char *fn = ksyms_lookup(tf->rip, &off);
    kprintf("  RIP %016lx <%s+0x%lx>  CS %04lx  RFLAGS %016lx\n", tf->rip, fn ? fn : "?",
            fn ? off : 0, tf->cs, tf->rflags);
    kprintf("  RSP %016lx  SS %04lx  ERR %016lx\n", tf->rsp, tf->ss, tf->error);
    kprintf("  RAX %016lx  RBX %016lx  RCX %016lx\n", tf->rax, tf->rbx, tf->rcx);
    kprintf("  RDX %016lx  RSI %016lx  RDI %016lx\n", tf->rdx, tf->rsi, tf->rdi);
    kprintf("  RBP %016lx  R8  %016lx  R9  %016lx\n", tf->rbp, tf->r8, tf->r9);
    kprintf("  R10 %016lx  R11 %016lx  R12 %016lx\n", tf->r10, tf->r11, tf->r12);
    kprintf("  R13 %016lx  R14 %016lx  R15 %016lx\n", tf->r13, tf->r14, tf->r15);
    kprintf("  CR0 %016lx  CR2 %016lx  CR3 %016lx  CR4 %016lx\n", read_cr0(), read_cr2(),
            read_cr3(), read_cr4());
}

static void kernel_exception(struct trap_frame *tf)
{
    panic_begin();
    const char *name = tf->vector < 32 && exc_names[tf->vector] ? exc_names[tf->vector] : "?";
    uint64_t off;
    const char *fn = ksyms_lookup(tf->rip, &off);
    kprintf("\nKERNEL FAULT: %s (vector %lu) in %s\n", name, tf->vector, fn ? fn : "?");
    if (tf->vector == 14)
        kprintf("  page fault at %016lx: %s %s %s%s\n", read_cr2(),
                tf->error & 1 ? "protection" : "not-present", tf->error & 2 ? "write" : "read",
                tf->error & 4 ? "user" : "kernel", tf->error & 16 ? " instruction-fetch" : "");
    if (tf->vector == 8 && !(paging_query(kernel_pml4, (tf->rsp - 8) & ~0xFFFul) & PTE_P))
        kprintf("  kernel stack overflow: the stack pointer reached an unmapped guard page\n");
    trap_dump(tf);
    kprintf("Backtrace:\n");
    backtrace_print(tf->rip, tf->rbp);
    panic_end();
}

/* A fault in user mode: copy-on-write, else the thread's fault handler. Never fatal. */
static void user_exception(struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    if (tf->vector == 14) {
        uint64_t addr = read_cr2();
        if ((tf->error & 3) == 3 && vspace_handle_cow(cur->vspace, addr))
            return;
        thread_fault(addr, 14ull << 32 | (tf->error & 0xFFFFFFFF), tf);
        return;
    }
    thread_fault(0, tf->vector << 32 | (tf->error & 0xFFFFFFFF), tf);
}

void trap_dispatch(struct trap_frame *tf)
{
    uint64_t v = tf->vector;
    bool user = tf->cs & 3;
    if (v < 32) {
        if (user) {
            user_exception(tf);
            return_to_user_work();
            return;
        }
        if (v == 14) {
            uint64_t addr = read_cr2();
            if (addr < USER_TOP && (tf->error & 3) == 3 && current_thread()->vspace &&
                vspace_handle_cow(current_thread()->vspace, addr))
                return;
            if (addr < USER_TOP && usercopy_fixup(&tf->rip))
                return;
        }
        if (handlers[v].fn) {
            handlers[v].fn(tf, handlers[v].arg);
            return;
        }
        kernel_exception(tf);
        return;
    }
    if (v == VEC_SPURIOUS)
        return;
    if (handlers[v].fn)
        handlers[v].fn(tf, handlers[v].arg);
    else
        kprintf("trap: unexpected interrupt vector %lu\n", v);
    lapic_eoi();
    if (user)
        return_to_user_work();
}
