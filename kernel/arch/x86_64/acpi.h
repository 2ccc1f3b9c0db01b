#pragma once
#include <stdint.h>

struct acpi_sdt {
    char sig[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

struct acpi_gas {
    uint8_t space, bit_width, bit_offset, access;
    uint64_t addr;
} __attribute__((packed));

struct acpi_ioapic {
    uint8_t id;
    uint32_t addr, gsi_base;
};

struct acpi_override {
    uint8_t irq;
    uint32_t gsi;
    uint16_t flags;
};

/* What the kernel learned from the MADT and FADT. */
struct acpi_info {
    uint32_t lapic_addr;
    int ncpus;
    uint8_t cpu_apic_id[64];
    struct acpi_ioapic ioapic[8];
    int nioapic;
    struct acpi_override ovr[16];
    int novr;
    int has_fadt;
    uint32_t pm1a_cnt, pm1b_cnt, smi_cmd;
    uint8_t acpi_enable;
    uint64_t dsdt;
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    int has_reset;
    uint8_t s5_typa, s5_typb; /* SLP_TYP values of \_S5 from the DSDT */
    int has_s5;
};

extern struct acpi_info acpi;

/* Sum of bytes mod 256 (0 for a valid table). */
uint8_t acpi_checksum(const void *p, uint64_t n);
/* Parses a MADT into info; 0 or -EINVAL. Pure, host-tested. */
int acpi_parse_madt(const struct acpi_sdt *madt, struct acpi_info *info);
/* Parses a FADT into info; 0 or -EINVAL. */
int acpi_parse_fadt(const struct acpi_sdt *fadt, struct acpi_info *info);
/* Finds the \_S5 package in AML (a DSDT's body) and reads its first two values (SLP_TYPa,
 * SLP_TYPb). 0 or -ENOENT; never reads outside [aml, aml + len). Pure, host-tested. */
int acpi_find_s5(const uint8_t *aml, uint64_t len, uint8_t *typa, uint8_t *typb);
/* Finds and parses MADT and FADT from the RSDP Multiboot2 gave; 0 or a negative error. */
int acpi_init(const void *rsdp);
/* Maps and validates a table; NULL when the table is bad. */
const struct acpi_sdt *acpi_find(const char sig[4]);
