#include "acpi.h"
#include "abi/errno.h"
#include "cpu.h"
#include "core/log.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"

struct acpi_info acpi;
static uint64_t root_phys;
static int root_is_xsdt;

static const void *map_phys(uint64_t p, uint64_t len)
{
    if (p + len <= direct_map_top)
        return phys_to_virt(p);
    return vmm_map_mmio(p, len);
}

static const struct acpi_sdt *map_table(uint64_t p)
{
    const struct acpi_sdt *h = map_phys(p, sizeof *h);
    if (h->length < sizeof *h || h->length > (1u << 20))
        return NULL;
    h = map_phys(p, h->length);
    return acpi_checksum(h, h->length) ? NULL : h;
}

const struct acpi_sdt *acpi_find(const char sig[4])
{
    if (!root_phys)
        return NULL;
    const struct acpi_sdt *root = map_table(root_phys);
    if (!root)
        return NULL;
    uint32_t esz = root_is_xsdt ? 8 : 4;
    uint32_t n = (root->length - sizeof *root) / esz;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t p = 0;
        memcpy(&p, (const uint8_t *)(root + 1) + i * esz, esz);
        const struct acpi_sdt *t = map_table(p);
        if (t && !memcmp(t->sig, sig, 4))
            return t;
    }
    return NULL;
}

int acpi_init(const void *rsdp)
{
    const uint8_t *r = rsdp;
    if (memcmp(r, "RSD PTR ", 8) || acpi_checksum(r, 20))
        return -EINVAL;
    uint32_t rsdt;
    memcpy(&rsdt, r + 16, 4);
    root_phys = rsdt;
    if (r[15] >= 2 && !acpi_checksum(r, 36)) {
        uint64_t x;
        memcpy(&x, r + 24, 8);
        if (x) {
            root_phys = x;
            root_is_xsdt = 1;
        }
    }
    const struct acpi_sdt *madt = acpi_find("APIC");
    if (!madt || acpi_parse_madt(madt, &acpi))
        return -ENODEV;
    const struct acpi_sdt *fadt = acpi_find("FACP");
    if (fadt && acpi_parse_fadt(fadt, &acpi))
        kprintf("acpi: FADT invalid, ignored\n");
    if (acpi.has_fadt && acpi.dsdt && acpi.dsdt + 36 <= direct_map_top) {
        const struct acpi_sdt *dsdt = phys_to_virt(acpi.dsdt);
        if (!memcmp(dsdt->sig, "DSDT", 4) && dsdt->length > 36 &&
            acpi.dsdt + dsdt->length <= direct_map_top && !acpi_checksum(dsdt, dsdt->length) &&
            !acpi_find_s5((const uint8_t *)dsdt + 36, dsdt->length - 36, &acpi.s5_typa,
                          &acpi.s5_typb))
            acpi.has_s5 = 1;
    }
    return 0;
}
