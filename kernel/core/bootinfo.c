#include "bootinfo.h"
#include "abi/errno.h"
#include "log.h"
#include "lib/string.h"

struct bootinfo bootinfo;

struct tag {
    uint32_t type, size;
};

static void copy_str(char *dst, const char *src, uint64_t max, uint64_t avail)
{
    uint64_t i = 0;
    for (; i + 1 < max && i < avail && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

int bootinfo_parse(const void *mbi, uint64_t mbi_phys)
{
    const uint8_t *p = mbi;
    uint32_t total = *(const uint32_t *)p;
    if (total < 16 || total > (1u << 20))
        return -EINVAL;
    bootinfo.mbi_start = mbi_phys;
    bootinfo.mbi_end = mbi_phys + total;
    uint32_t off = 8;
    while (off + 8 <= total) {
        const struct tag *t = (const struct tag *)(p + off);
        if (t->type == 0)
            break;
        if (t->size < 8 || off + t->size > total)
            return -EINVAL;
        const uint8_t *body = (const uint8_t *)(t + 1);
        uint32_t blen = t->size - 8;
        switch (t->type) {
        case 1:
            copy_str(bootinfo.cmdline, (const char *)body, sizeof bootinfo.cmdline, blen);
            break;
        case 3:
            if (bootinfo.nmods == BOOT_MAX_MODULES)
                kprintf("boot: more than %d modules: '%s' is ignored\n",
                        BOOT_MAX_MODULES, blen > 8 ? (const char *)body + 8 : "?");
            if (bootinfo.nmods < BOOT_MAX_MODULES && blen >= 8) {
                struct boot_module *m = &bootinfo.mods[bootinfo.nmods++];
                m->start = ((const uint32_t *)body)[0];
                m->end = ((const uint32_t *)body)[1];
                copy_str(m->name, (const char *)body + 8, sizeof m->name, blen - 8);
            }
            break;
        case 6: {
            uint32_t esize = ((const uint32_t *)body)[0];
            if (esize < 24)
                return -EINVAL;
            for (uint32_t e = 8; e + esize <= blen && bootinfo.nmem < 64; e += esize) {
                const uint8_t *ent = body + e;
                struct mem_region *r = &bootinfo.mem[bootinfo.nmem++];
                memcpy(&r->base, ent, 8);
                memcpy(&r->len, ent + 8, 8);
                memcpy(&r->type, ent + 16, 4);
            }
            break;
        }
        case 8:
            if (blen >= 22) {
                memcpy(&bootinfo.fb.addr, body, 8);
                memcpy(&bootinfo.fb.pitch, body + 8, 4);
                memcpy(&bootinfo.fb.width, body + 12, 4);
                memcpy(&bootinfo.fb.height, body + 16, 4);
                bootinfo.fb.bpp = body[20];
                bootinfo.fb.type = body[21];
            }
            break;
        case 14:
        case 15:
            if (!bootinfo.has_rsdp || t->type == 15) {
                uint32_t n = blen < sizeof bootinfo.rsdp ? blen : sizeof bootinfo.rsdp;
                memcpy(bootinfo.rsdp, body, n);
                bootinfo.has_rsdp = 1;
            }
            break;
        }
        off += (t->size + 7) & ~7u;
    }
    return bootinfo.nmem ? 0 : -EINVAL;
}
