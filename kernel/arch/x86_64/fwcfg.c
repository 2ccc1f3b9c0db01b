#include "fwcfg.h"
#include "cpu.h"
#include "abi/errno.h"
#include "lib/string.h"

#define FWCFG_SEL 0x510
#define FWCFG_DATA 0x511

static void read_bytes(void *buf, int n)
{
    uint8_t *b = buf;
    for (int i = 0; i < n; i++)
        b[i] = inb(FWCFG_DATA);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int fwcfg_read_file(const char *name, char *buf, int max)
{
    char sig[4];
    outw(FWCFG_SEL, 0x0000);
    read_bytes(sig, 4);
    if (memcmp(sig, "QEMU", 4))
        return -ENODEV;
    outw(FWCFG_SEL, 0x0019);
    uint8_t cnt[4];
    read_bytes(cnt, 4);
    uint32_t count = be32(cnt);
    for (uint32_t i = 0; i < count && i < 4096; i++) {
        uint8_t ent[64];
        read_bytes(ent, 64);
        ent[63] = 0;
        if (strcmp((const char *)ent + 8, name))
            continue;
        uint32_t size = be32(ent);
        uint16_t sel = (uint16_t)(ent[4] << 8 | ent[5]);
        int n = size < (uint32_t)max ? (int)size : max;
        outw(FWCFG_SEL, sel);
        read_bytes(buf, n);
        return n;
    }
    return -ENOENT;
}
