#pragma once
#include <stdint.h>

/* ELF64 structures and the validation shared by the kernel (first process), procmgr and
 * the host tests. */
struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ELF_MAX_LOADS 6

/* Checks a static x86-64 ELF64 executable of size bytes: every header field, every loadable
 * segment inside the file and inside user space, no overlaps; 0 or -ENOEXEC with *why set. */
int elf_check(const uint8_t *img, uint64_t size, const char **why);
/* Where the program headers of a checked image appear in its address space (AT_PHDR), or 0. */
uint64_t elf_phdr_va(const uint8_t *img);
