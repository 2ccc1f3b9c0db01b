/* Host tool: runs the kernel's own ELF validation (kernel/lib/elf.c) on a file, so the test
 * knows that CLUU's loader (first process and procmgr) accepts what x86_64-cluu-cc links. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "lib/elf.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s ELF\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *img = malloc(cap);
    size_t r;
    while (img && (r = fread(img + n, 1, cap - n, f)) > 0)
        if ((n += r) == cap)
            img = realloc(img, cap *= 2);
    fclose(f);
    if (!img)
        return 2;
    const char *why;
    if (elf_check(img, n, &why)) {
        fprintf(stderr, "%s: rejected by elf_check: %s\n", argv[1], why);
        return 1;
    }
    free(img);
    return 0;
}
