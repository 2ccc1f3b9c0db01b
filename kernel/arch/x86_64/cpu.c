#include "cpu.h"
#include "lib/string.h"

struct cpu_features cpu_feat;

void cpu_features_init(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max = r[0];
    memcpy(cpu_feat.vendor + 0, &r[1], 4);
    memcpy(cpu_feat.vendor + 4, &r[3], 4);
    memcpy(cpu_feat.vendor + 8, &r[2], 4);
    cpuid(1, 0, r);
    cpu_feat.pge = r[3] & (1u << 13);
    cpu_feat.pcid = r[2] & (1u << 17);
    cpu_feat.rdrand = r[2] & (1u << 30);
    cpu_feat.x2apic = r[2] & (1u << 21);
    if (max >= 7) {
        cpuid(7, 0, r);
        cpu_feat.fsgsbase = r[1] & 1u;
        cpu_feat.smep = r[1] & (1u << 7);
        cpu_feat.smap = r[1] & (1u << 20);
        cpu_feat.rdseed = r[1] & (1u << 18);
        cpu_feat.umip = r[2] & (1u << 2);
    }
    cpuid(0x80000000, 0, r);
    uint32_t emax = r[0];
    if (emax >= 0x80000001) {
        cpuid(0x80000001, 0, r);
        cpu_feat.nx = r[3] & (1u << 20);
        cpu_feat.pdpe1gb = r[3] & (1u << 26);
        cpu_feat.syscall = r[3] & (1u << 11);
    }
    if (emax >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            cpuid(0x80000002 + i, 0, r);
            memcpy(cpu_feat.brand + 16 * i, r, 16);
        }
    }
    if (emax >= 0x80000007) {
        cpuid(0x80000007, 0, r);
        cpu_feat.invariant_tsc = r[3] & (1u << 8);
    }
}

void cpu_protect_init(void)
{
    if (cpu_feat.nx)
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | (1u << 11));
    write_cr0(read_cr0() | (1u << 16)); /* WP */
    uint64_t cr4 = read_cr4();
    if (cpu_feat.pge)
        cr4 |= 1u << 7;
    if (cpu_feat.smep)
        cr4 |= 1u << 20;
    if (cpu_feat.smap)
        cr4 |= 1u << 21;
    if (cpu_feat.umip)
        cr4 |= 1u << 11;
    write_cr4(cr4);
}

bool cpu_random(uint64_t *out)
{
    for (int tries = 0; tries < 32; tries++) {
        unsigned char ok = 0;
        uint64_t v;
        if (cpu_feat.rdseed)
            __asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(ok));
        else if (cpu_feat.rdrand)
            __asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
        else
            return false;
        if (ok) {
            *out = v;
            return true;
        }
    }
    return false;
}
