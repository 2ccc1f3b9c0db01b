/* Builds the first user process from a boot module: validates and loads its ELF image and
 * hands it every initial capability (abi/bootcaps.h). */
#include "bootinfo.h"
#include "cmdline.h"
#include "log.h"
#include "panic.h"
#include "sched.h"
#include "abi/auxv.h"
#include "abi/bootcaps.h"
#include "abi/errno.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/rtc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "lib/elf.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "object/cspace.h"
#include "object/ioport.h"
#include "object/irq.h"
#include "object/memory.h"
#include "object/thread.h"
#include "object/untyped.h"
#include "object/vspace.h"

static struct cspace *cs;

static void give(uint64_t slot, struct kobj *o, uint32_t rights)
{
    if (!o)
        panic("init: out of memory building the first process");
    cap_insert(&cs->slots[slot], o, rights, 0, NULL);
}

static struct memobj *map_new(struct vspace *vs, uint64_t va, uint64_t pages, uint64_t prot)
{
    struct memobj *m = memory_create(pages);
    if (!m)
        panic("init: out of memory");
    uint64_t nx = (prot & PROT_X) ? 0 : pte_nx();
    for (uint64_t i = 0; i < pages; i++) {
        if (paging_map(vs->pml4, va + i * 4096, m->frames[i],
                       PTE_U | nx | ((prot & PROT_W) ? PTE_W | (1ull << 11) : 0) |
                           (1ull << 52) | (1ull << 53)))
            panic("init: out of memory");
        page_get(m->frames[i]);
    }
    return m;
}

/* Writes the System V start-up stack (argc, argv, envp, auxv) into the top stack page;
 * returns the user stack pointer. */
static uint64_t build_initial_stack(struct memobj *stack, const char *name, uint64_t phdr,
                                    const struct elf64_ehdr *eh)
{
    uint8_t *page = phys_to_virt(stack->frames[stack->npages - 1]);
    uint64_t page_va = BOOT_STACK_TOP - 4096;
    uint64_t off = 4096;
    size_t n = strlen(name) + 1;
    off -= n;
    memcpy(page + off, name, n);
    uint64_t name_va = page_va + off;
    off -= 16;
    for (int i = 0; i < 2; i++) {
        uint64_t r;
        if (!cpu_random(&r))
            r = rdtsc() * 0x9E3779B97F4A7C15ull;
        memcpy(page + off + 8 * i, &r, 8);
    }
    uint64_t random_va = page_va + off;
    off &= ~15ull;
    uint64_t words[] = {1, name_va, 0, 0, AT_PAGESZ, 4096, AT_RANDOM, random_va,
                        AT_CLUU_BOOTINFO, BOOT_INFO_VA, AT_EXECFN, name_va, AT_PHDR, phdr,
                        AT_PHNUM, eh->phnum, AT_PHENT, eh->phentsize, AT_ENTRY, eh->entry,
                        AT_NULL, 0};
    off -= sizeof words;
    off &= ~15ull;
    memcpy(page + off, words, sizeof words);
    return page_va + off;
}

void initproc_start(void)
{
    char name[32] = "init";
    cmdline_value("init", name, sizeof name);
    struct boot_module *mod = NULL;
    for (int i = 0; i < bootinfo.nmods; i++)
        if (!strcmp(bootinfo.mods[i].name, name))
            mod = &bootinfo.mods[i];
    if (!mod)
        panic("init: no boot module named '%s'", name);
    const uint8_t *img = phys_to_virt(mod->start);
    uint64_t size = mod->end - mod->start;
    const char *why;
    if (elf_check(img, size, &why))
        panic("init: module '%s' is not a valid executable (ENOEXEC): %s", name, why);

    cs = cspace_create(4096);
    struct vspace *vs = vspace_create();
    struct thread *t = thread_create();
    if (!cs || !vs || !t)
        panic("init: out of memory");
    give(BOOT_CAP_CSPACE, &cs->obj, RIGHT_ALL);
    give(BOOT_CAP_VSPACE, &vs->obj, RIGHT_ALL);
    give(BOOT_CAP_THREAD, &t->obj, RIGHT_ALL);

    struct memobj *info_mem = map_new(vs, BOOT_INFO_VA, 1, PROT_R);
    struct boot_user_info *bi = phys_to_virt(info_mem->frames[0]);
    bi->magic = BOOT_INFO_MAGIC;
    give(BOOT_CAP_BOOTINFO, &info_mem->obj, RIGHT_READ);

    const struct elf64_ehdr *eh = (const void *)img;
    const struct elf64_phdr *ph = (const void *)(img + eh->phoff);
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        uint64_t start = ph[i].vaddr & ~4095ull;
        uint64_t pages = (ph[i].vaddr + ph[i].memsz - start + 4095) / 4096;
        uint64_t prot = PROT_R | ((ph[i].flags & 2) ? PROT_W : 0) | ((ph[i].flags & 1) ? PROT_X : 0);
        struct memobj *m = map_new(vs, start, pages, prot);
        for (uint64_t off = 0; off < ph[i].filesz; off++) {
            uint64_t va = ph[i].vaddr + off - start;
            ((uint8_t *)phys_to_virt(m->frames[va / 4096]))[va % 4096] = img[ph[i].offset + off];
        }
        uint64_t n = bi->nsegments++;
        bi->segments[n] = (struct boot_segment_info){start, pages, prot};
        give(BOOT_CAP_IMAGE0 + n, &m->obj, RIGHT_ALL);
    }

    struct memobj *stack = map_new(vs, BOOT_STACK_TOP - BOOT_STACK_PAGES * 4096,
                                   BOOT_STACK_PAGES, PROT_R | PROT_W);
    uint64_t sp = build_initial_stack(stack, name, elf_phdr_va(img), eh);
    kobj_get(&stack->obj);
    kobj_put(&stack->obj); /* the mapping keeps the pages; no capability needed */
    struct memobj *ipcbuf = map_new(vs, BOOT_IPCBUF_VA, 1, PROT_R | PROT_W);
    give(BOOT_CAP_IPCBUF, &ipcbuf->obj, RIGHT_ALL);

    for (int i = 0; i < bootinfo.nmods && i < BOOT_MAX_MODULES; i++) {
        struct boot_module *bm = &bootinfo.mods[i];
        uint64_t pages = (bm->end - bm->start + 4095) / 4096;
        give(BOOT_CAP_MODULE0 + i, &memory_create_device(bm->start, pages)->obj, RIGHT_READ);
        bi->modules[i].size = bm->end - bm->start;
        memcpy(bi->modules[i].name, bm->name, sizeof bi->modules[i].name - 1);
        bi->nmodules++;
    }
    uint64_t fb_pages = 0;
    if (bootinfo.fb.addr) {
        fb_pages = ((uint64_t)bootinfo.fb.pitch * bootinfo.fb.height + 4095) / 4096;
        bi->fb = (struct boot_fb_info){bootinfo.fb.addr, bootinfo.fb.pitch, bootinfo.fb.width,
                                       bootinfo.fb.height, bootinfo.fb.bpp};
    }
    give(BOOT_CAP_FRAMEBUFFER, &memory_create_device(bootinfo.fb.addr, fb_pages)->obj,
         RIGHT_READ | RIGHT_WRITE | RIGHT_CONTROL);
    give(BOOT_CAP_IRQ_CONTROL, &irq_control_create()->obj, RIGHT_ALL);
    give(BOOT_CAP_IOPORT, &ioport_create(0, 0x10000)->obj, RIGHT_ALL);

    uint64_t free_bytes = pmm_free_pages() * 4096;
    uint64_t reserve = free_bytes / 8 > (8ull << 20) ? free_bytes / 8 : (8ull << 20);
    uint64_t quota = free_bytes > reserve ? free_bytes - reserve : 0;
    give(BOOT_CAP_UNTYPED, &untyped_create(quota)->obj, RIGHT_ALL);
    bi->untyped_bytes = quota;
    bi->tsc_per_ms = tsc_per_ms;
    bi->rtc_boot_ns = clock_ns();
    bi->rtc_epoch_s = rtc_read_epoch();
    bi->power = (struct boot_power_info){(unsigned long)acpi.has_s5, acpi.pm1a_cnt, acpi.pm1b_cnt,
                                         acpi.s5_typa, acpi.s5_typb,
                                         (unsigned long)acpi.has_reset, acpi.reset_reg.space,
                                         acpi.reset_reg.addr, acpi.reset_value};
    memcpy(bi->cmdline, cmdline_get_all(), strlen(cmdline_get_all()) + 1);

    t->cspace = cs;
    t->vspace = vs;
    kobj_get(&cs->obj);
    kobj_get(&vs->obj);
    t->ipcbuf_mem = ipcbuf;
    kobj_get(&ipcbuf->obj);
    t->ipcbuf = phys_to_virt(ipcbuf->frames[0]);
    page_pin(ipcbuf->frames[0], 1);
    t->ipcbuf_va = BOOT_IPCBUF_VA;
    t->tf->rip = eh->entry;
    t->tf->rsp = sp;
    t->tf->rdi = BOOT_INFO_VA;
    t->regs_set = true;
    kprintf("init: starting '%s' (%lu bytes), %lu MiB untyped\n", name, size, quota >> 20);
    sched_enqueue(t, false);
}
