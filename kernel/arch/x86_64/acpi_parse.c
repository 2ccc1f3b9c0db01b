#include "acpi.h"
#include "abi/errno.h"
#include "lib/string.h"

uint8_t acpi_checksum(const void *p, uint64_t n)
{
    const uint8_t *b = p;
    uint8_t s = 0;
    for (uint64_t i = 0; i < n; i++)
        s += b[i];
    return s;
}

int acpi_parse_madt(const struct acpi_sdt *madt, struct acpi_info *info)
{
    if (madt->length < sizeof *madt + 8 || acpi_checksum(madt, madt->length))
        return -EINVAL;
    const uint8_t *p = (const uint8_t *)madt;
    memcpy(&info->lapic_addr, p + sizeof *madt, 4);
    uint32_t off = sizeof *madt + 8;
    while (off + 2 <= madt->length) {
        uint8_t type = p[off], len = p[off + 1];
        if (len < 2 || off + len > madt->length)
            return -EINVAL;
        const uint8_t *e = p + off;
        if (type == 0 && len >= 8) {
            uint32_t flags;
            memcpy(&flags, e + 4, 4);
            if ((flags & 1) && info->ncpus < 64)
                info->cpu_apic_id[info->ncpus++] = e[3];
        } else if (type == 1 && len >= 12 && info->nioapic < 8) {
            struct acpi_ioapic *io = &info->ioapic[info->nioapic++];
            io->id = e[2];
            memcpy(&io->addr, e + 4, 4);
            memcpy(&io->gsi_base, e + 8, 4);
        } else if (type == 2 && len >= 10 && info->novr < 16) {
            struct acpi_override *o = &info->ovr[info->novr++];
            o->irq = e[3];
            memcpy(&o->gsi, e + 4, 4);
            memcpy(&o->flags, e + 8, 2);
        }
        off += len;
    }
    return 0;
}

int acpi_parse_fadt(const struct acpi_sdt *fadt, struct acpi_info *info)
{
    if (fadt->length < 116 || acpi_checksum(fadt, fadt->length))
        return -EINVAL;
    const uint8_t *p = (const uint8_t *)fadt;
    uint32_t dsdt32;
    memcpy(&dsdt32, p + 40, 4);
    info->dsdt = dsdt32;
    memcpy(&info->smi_cmd, p + 48, 4);
    info->acpi_enable = p[52];
    memcpy(&info->pm1a_cnt, p + 64, 4);
    memcpy(&info->pm1b_cnt, p + 68, 4);
    if (fadt->length >= 129) {
        uint32_t flags;
        memcpy(&flags, p + 112, 4);
        memcpy(&info->reset_reg, p + 116, 12);
        info->reset_value = p[128];
        info->has_reset = (flags >> 10) & 1;
    }
    if (fadt->length >= 148) {
        uint64_t x;
        memcpy(&x, p + 140, 8);
        if (x)
            info->dsdt = x;
    }
    info->has_fadt = 1;
    return 0;
}

/* One integer element of a package: ZeroOp, OneOp, OnesOp or Byte/Word/DWord prefixes. */
static int aml_int(const uint8_t *p, const uint8_t *end, uint8_t *v, const uint8_t **next)
{
    if (p >= end)
        return -ENOENT;
    switch (*p) {
    case 0x00:
    case 0x01:
        *v = *p;
        *next = p + 1;
        return 0;
    case 0xFF:
        *v = 0xFF;
        *next = p + 1;
        return 0;
    case 0x0A:
    case 0x0B:
    case 0x0C: {
        uint64_t n = *p == 0x0A ? 1 : *p == 0x0B ? 2 : 4;
        if ((uint64_t)(end - p) < 1 + n)
            return -ENOENT;
        *v = p[1];
        *next = p + 1 + n;
        return 0;
    }
    }
    return -ENOENT;
}

int acpi_find_s5(const uint8_t *aml, uint64_t len, uint8_t *typa, uint8_t *typb)
{
    const uint8_t *end = aml + len;
    for (uint64_t i = 0; len >= 4 && i + 4 <= len; i++) {
        if (memcmp(aml + i, "_S5_", 4))
            continue;
        /* NameOp (0x08), optionally a root prefix '\\', then the name, then PackageOp. */
        if (!(i >= 1 && (aml[i - 1] == 0x08 || (i >= 2 && aml[i - 1] == '\\' && aml[i - 2] == 0x08))))
            continue;
        const uint8_t *p = aml + i + 4;
        if (p >= end || *p != 0x12)
            continue;
        p++;
        if (p >= end)
            return -ENOENT;
        uint64_t pkglen_bytes = (*p >> 6) + 1;
        if ((uint64_t)(end - p) < pkglen_bytes + 1)
            return -ENOENT;
        p += pkglen_bytes;
        if (*p < 2) /* NumElements */
            continue;
        p++;
        const uint8_t *next;
        if (aml_int(p, end, typa, &next) || aml_int(next, end, typb, &next))
            continue;
        return 0;
    }
    return -ENOENT;
}
