#pragma once
#include <stdbool.h>
#include <stdint.h>

#define KVMA 0xFFFFFFFF80000000ul
#define DIRECT_MAP 0xFFFF800000000000ul
#define PAGE_SIZE 4096ul

#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_SFMASK 0xC0000084
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_APIC_BASE 0x1B

static inline void *phys_to_virt(uint64_t p)
{
    return (void *)(p + DIRECT_MAP);
}

static inline uint64_t virt_to_phys(const void *v)
{
    uint64_t a = (uint64_t)v;
    return a >= KVMA ? a - KVMA : a - DIRECT_MAP;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

#define DEF_CR(n)                                                                                  \
    static inline uint64_t read_cr##n(void)                                                        \
    {                                                                                              \
        uint64_t v;                                                                                \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                          \
        return v;                                                                                  \
    }                                                                                              \
    static inline void write_cr##n(uint64_t v)                                                     \
    {                                                                                              \
        __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");                                 \
    }
DEF_CR(0)
DEF_CR(2)
DEF_CR(3)
DEF_CR(4)
#undef DEF_CR

static inline void invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}
static inline void cpu_relax(void)
{
    __asm__ volatile("pause");
}
static inline void irq_enable(void)
{
    __asm__ volatile("sti");
}
static inline void irq_disable(void)
{
    __asm__ volatile("cli");
}
static inline uint64_t irq_save(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
    return f;
}
static inline void irq_restore(uint64_t f)
{
    if (f & 0x200)
        __asm__ volatile("sti" : : : "memory");
}
static inline void halt(void)
{
    __asm__ volatile("hlt");
}
static inline void stac(void)
{
    __asm__ volatile("stac" : : : "memory");
}
static inline void clac(void)
{
    __asm__ volatile("clac" : : : "memory");
}

/* CPU features detected at boot (cpu_features_init). */
struct cpu_features {
    bool nx, smep, smap, umip, pge, pcid, rdrand, rdseed, pdpe1gb, x2apic, invariant_tsc, fsgsbase;
    bool syscall;
    char vendor[13];
    char brand[49];
};
extern struct cpu_features cpu_feat;
void cpu_features_init(void);
/* Enables NX/SMEP/SMAP/WP/UMIP as available. */
void cpu_protect_init(void);
/* A hardware random 64-bit value (RDSEED, else RDRAND); false when neither exists. */
bool cpu_random(uint64_t *out);
