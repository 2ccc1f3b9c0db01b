#include "elf.h"
#include "abi/cap.h"
#include "abi/errno.h"
#include "lib/string.h"

/* Checks an ELF64 x86-64 static executable; returns 0 or -ENOEXEC with *why set. */
int elf_check(const uint8_t *img, uint64_t size, const char **why)
{
    const struct elf64_ehdr *eh = (const void *)img;
    *why = NULL;
    if (size < sizeof *eh)
        *why = "truncated header";
    else if (memcmp(eh->ident, "\177ELF", 4))
        *why = "bad magic";
    else if (eh->ident[4] != 2 || eh->ident[5] != 1)
        *why = "not ELF64 little-endian";
    else if (eh->type != 2)
        *why = "not an executable (ET_EXEC)";
    else if (eh->machine != 62)
        *why = "not x86-64";
    else if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0 || eh->phnum > 16)
        *why = "bad program header table";
    else if (eh->phoff % 8)
        *why = "misaligned program header table";
    else if (eh->phoff > size || eh->phnum * sizeof(struct elf64_phdr) > size - eh->phoff)
        *why = "program headers past the end of the file";
    else if (eh->entry >= USER_TOP)
        *why = "entry point outside user space";
    if (*why)
        return -ENOEXEC;
    const struct elf64_phdr *ph = (const void *)(img + eh->phoff);
    int loads = 0;
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        loads++;
        if (ph[i].filesz > ph[i].memsz)
            *why = "segment file size exceeds memory size";
        else if (ph[i].offset > size || ph[i].filesz > size - ph[i].offset)
            *why = "segment past the end of the file";
        else if (ph[i].vaddr >= USER_TOP || ph[i].memsz > USER_TOP - ph[i].vaddr)
            *why = "segment outside user space";
        else if ((ph[i].vaddr & 4095) != (ph[i].offset & 4095))
            *why = "segment misaligned";
        if (*why)
            return -ENOEXEC;
    }
    if (loads == 0 || loads > ELF_MAX_LOADS) {
        *why = "need 1..6 loadable segments";
        return -ENOEXEC;
    }
    for (int i = 0; i < eh->phnum; i++)
        for (int j = i + 1; j < eh->phnum; j++) {
            if (ph[i].type != PT_LOAD || ph[j].type != PT_LOAD)
                continue;
            uint64_t a0 = ph[i].vaddr & ~4095ull, a1 = ph[i].vaddr + ph[i].memsz;
            uint64_t b0 = ph[j].vaddr & ~4095ull, b1 = ph[j].vaddr + ph[j].memsz;
            if (a0 < b1 && b0 < a1) {
                *why = "loadable segments overlap";
                return -ENOEXEC;
            }
        }
    int entry_ok = 0;
    for (int i = 0; i < eh->phnum; i++)
        if (ph[i].type == PT_LOAD && (ph[i].flags & PF_X) && eh->entry >= ph[i].vaddr &&
            eh->entry < ph[i].vaddr + ph[i].memsz)
            entry_ok = 1;
    if (!entry_ok) {
        *why = "entry point not in an executable segment";
        return -ENOEXEC;
    }
    return 0;
}


uint64_t elf_phdr_va(const uint8_t *img)
{
    const struct elf64_ehdr *eh = (const void *)img;
    const struct elf64_phdr *ph = (const void *)(img + eh->phoff);
    for (int i = 0; i < eh->phnum; i++)
        if (ph[i].type == PT_LOAD && eh->phoff >= ph[i].offset &&
            eh->phoff + eh->phnum * sizeof *ph <= ph[i].offset + ph[i].filesz)
            return ph[i].vaddr + (eh->phoff - ph[i].offset);
    return 0;
}
