/* Builds a new process from an ELF image: used by init (to start procmgr) and procmgr. */
#include "cluu.h"
#include "proc.h"
#include "abi/auxv.h"
#include "abi/proto/procmgr.h"
#include "lib/elf.h"
#include "lib/string.h"

/* A window for filling new memory; reused by every build so no page tables pile up. */
#define TEMP_BASE 0x300000000ull
static uint64_t temp_va = TEMP_BASE;

/* Maps memory object m (npages) read-write into our own space for filling. */
static uint8_t *map_temp(cap_t m, uint64_t npages)
{
    uint64_t va = temp_va;
    temp_va += (npages + 1) * 4096;
    if (invoke5(CAP_SELF_VSPACE, VSPACE_MAP, m, va, 0, npages, PROT_R | PROT_W) < 0)
        return NULL;
    return (uint8_t *)va;
}

static void unmap_temp(uint8_t *p, uint64_t npages)
{
    invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, (uint64_t)p, npages);
}

/* Creates an object of type from untyped u into a fresh slot of ours. */
static long make(cap_t u, uint64_t type, uint64_t arg, cap_t *out)
{
    cap_t s = slot_alloc();
    if (!s)
        return -ENOSPC;
    long r = invoke3(u, UNTYPED_RETYPE, type, arg, s);
    if (r < 0) {
        slot_free(s);
        return r;
    }
    *out = s;
    return 0;
}

/* Moves our slot s into slot dst of the child's cspace. */
static long give(cap_t child_cs, cap_t s, uint64_t dst)
{
    long r = invoke2(child_cs, CSPACE_MOVE, dst, s);
    if (r == 0)
        slot_free(s);
    return r;
}

/* Writes argc/argv/envp/auxv at the top of the stack page; returns the user rsp or 0. */
static uint64_t build_stack(uint8_t *top_page, uint64_t page_va, char *const argv[],
                            char *const envp[], const uint64_t *auxv_extra,
                            const struct elf64_ehdr *eh)
{
    uint64_t off = 4096;
    size_t argc = 0, envc = 0;
    while (argv && argv[argc])
        argc++;
    while (envp && envp[envc])
        envc++;
    uint64_t ptrs[128];
    if (argc + envc > 120)
        return 0;
    for (size_t k = 0, i = 0; k < 2; k++) {
        char *const *v = k ? envp : argv;
        size_t n = k ? envc : argc;
        for (size_t j = 0; j < n; j++, i++) {
            size_t len = strlen(v[j]) + 1;
            if (len > off - 1024)
                return 0;
            off -= len;
            memcpy(top_page + off, v[j], len);
            ptrs[i] = page_va + off;
        }
    }
    off -= 16;
    uint64_t rnd[2] = {sys_clock() * 0x9E3779B97F4A7C15ull, (uint64_t)&rnd ^ 0x5DEECE66Dull};
    memcpy(top_page + off, rnd, 16);
    uint64_t random_va = page_va + off;
    uint64_t words[160];
    size_t w = 0;
    words[w++] = argc;
    for (size_t i = 0; i < argc; i++)
        words[w++] = ptrs[i];
    words[w++] = 0;
    for (size_t i = 0; i < envc; i++)
        words[w++] = ptrs[argc + i];
    words[w++] = 0;
    uint64_t aux[] = {AT_PAGESZ, 4096, AT_RANDOM, random_va, AT_ENTRY, eh->entry,
                      AT_PHNUM, eh->phnum, AT_PHENT, eh->phentsize,
                      AT_PHDR, elf_phdr_va((const uint8_t *)eh)};
    for (size_t i = 0; i < sizeof aux / 8; i++)
        words[w++] = aux[i];
    for (size_t i = 0; auxv_extra && auxv_extra[i] != AT_NULL && w < 150; i += 2) {
        words[w++] = auxv_extra[i];
        words[w++] = auxv_extra[i + 1];
    }
    words[w++] = AT_NULL;
    words[w++] = 0;
    off = (off - w * 8) & ~15ull;
    memcpy(top_page + off, words, w * 8);
    return page_va + off;
}

long proc_build(cap_t untyped, uint64_t quota, const uint8_t *elf, uint64_t size,
                char *const argv[], char *const envp[], const uint64_t *auxv_extra,
                struct proc_caps *out)
{
    const char *why;
    if (elf_check(elf, size, &why)) {
        dprintf_k("proc_build: not a valid executable (ENOEXEC): %s\n", why);
        return -ENOEXEC;
    }
    const struct elf64_ehdr *eh = (const void *)elf;
    const struct elf64_phdr *ph = (const void *)(elf + eh->phoff);
    struct proc_caps c = {0};
    long r;
    temp_va = TEMP_BASE;
    c.untyped = slot_alloc();
    if (!c.untyped)
        return -ENOSPC;
    if ((r = invoke2(untyped, UNTYPED_SPLIT, quota, c.untyped)) < 0) {
        slot_free(c.untyped);
        return r;
    }
    if ((r = make(c.untyped, OBJ_CSPACE, PROC_CSPACE_SLOTS, &c.cspace)) < 0 ||
        (r = make(c.untyped, OBJ_VSPACE, 0, &c.vspace)) < 0 ||
        (r = make(c.untyped, OBJ_THREAD, 0, &c.thread)) < 0)
        goto fail;

    uint64_t seg_slot = PROC_CAP_IMAGE0;
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        uint64_t start = ph[i].vaddr & ~4095ull;
        uint64_t pages = (ph[i].vaddr + ph[i].memsz - start + 4095) / 4096;
        cap_t m;
        if ((r = make(c.untyped, OBJ_MEMORY, pages, &m)) < 0)
            goto fail;
        uint8_t *p = map_temp(m, pages);
        if (!p) {
            slot_delete(m);
            r = -ENOMEM;
            goto fail;
        }
        memcpy(p + (ph[i].vaddr - start), elf + ph[i].offset, ph[i].filesz);
        unmap_temp(p, pages);
        uint64_t prot = ((ph[i].flags & PF_R) ? PROT_R : 0) | ((ph[i].flags & PF_W) ? PROT_W : 0) |
                        ((ph[i].flags & PF_X) ? PROT_X : 0);
        r = invoke5(c.vspace, VSPACE_MAP, m, start, 0, pages, prot ? prot : PROT_R);
        if (r >= 0)
            r = give(c.cspace, m, seg_slot++);
        if (r < 0) {
            slot_delete(m);
            goto fail;
        }
    }

    cap_t stack;
    if ((r = make(c.untyped, OBJ_MEMORY, PROC_STACK_PAGES, &stack)) < 0)
        goto fail;
    uint8_t *top = map_temp(stack, PROC_STACK_PAGES);
    uint64_t sp = 0;
    if (top) {
        sp = build_stack(top + (PROC_STACK_PAGES - 1) * 4096, PROC_STACK_TOP - 4096, argv, envp,
                         auxv_extra, eh);
        unmap_temp(top, PROC_STACK_PAGES);
    }
    r = !top ? -ENOMEM : !sp ? -E2BIG : 0;
    if (r == 0)
        r = invoke5(c.vspace, VSPACE_MAP, stack, PROC_STACK_TOP - PROC_STACK_PAGES * 4096, 0,
                    PROC_STACK_PAGES, PROT_R | PROT_W);
    if (r == 0)
        r = give(c.cspace, stack, seg_slot++);
    if (r < 0) {
        slot_delete(stack);
        goto fail;
    }

    cap_t ipcbuf;
    if ((r = make(c.untyped, OBJ_MEMORY, 1, &ipcbuf)) < 0)
        goto fail;
    r = invoke5(c.vspace, VSPACE_MAP, ipcbuf, PROC_IPCBUF_VA, 0, 1, PROT_R | PROT_W);
    if (r == 0)
        r = sys_invoke(c.thread, THREAD_CONFIGURE, c.cspace, c.vspace, PROC_IPCBUF_VA, ipcbuf, 0,
                       0, 0);
    if (r == 0)
        r = give(c.cspace, ipcbuf, PROC_CAP_IPCBUF);
    if (r < 0) {
        slot_delete(ipcbuf);
        goto fail;
    }
    if ((r = invoke3(c.cspace, CSPACE_COPY, PROC_CAP_THREAD, c.thread, RIGHT_READ | RIGHT_WRITE)) < 0 ||
        (r = invoke3(c.cspace, CSPACE_COPY, PROC_CAP_CSPACE, c.cspace, RIGHT_ALL)) < 0 ||
        (r = invoke3(c.cspace, CSPACE_COPY, PROC_CAP_VSPACE, c.vspace, RIGHT_ALL)) < 0 ||
        (r = invoke3(c.cspace, CSPACE_COPY, PROC_CAP_UNTYPED, c.untyped, RIGHT_ALL)) < 0)
        goto fail;
    struct user_regs regs = {0};
    regs.rip = eh->entry;
    regs.rsp = sp;
    if ((r = invoke1(c.thread, THREAD_WRITE_REGS, (uint64_t)&regs)) < 0)
        goto fail;
    *out = c;
    return 0;
fail:
    proc_destroy(&c);
    return r;
}

void proc_destroy(struct proc_caps *c)
{
    cap_t *slots[] = {&c->thread, &c->cspace, &c->vspace, &c->untyped};
    for (int i = 0; i < 4; i++)
        if (*slots[i]) {
            invoke1(CAP_SELF_CSPACE, CSPACE_REVOKE, *slots[i]);
            slot_delete(*slots[i]);
            *slots[i] = 0;
        }
}
