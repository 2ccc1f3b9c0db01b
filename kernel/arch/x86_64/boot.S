/* Multiboot2 entry: 32-bit protected mode -> long mode -> higher half. */
#define KVMA 0xFFFFFFFF80000000
#define PHYS(x) ((x) - KVMA)

    .section .multiboot2, "a"
    .align 8
mb2_start:
    .long 0xE85250D6
    .long 0
    .long mb2_end - mb2_start
    .long -(0xE85250D6 + (mb2_end - mb2_start))
    .align 8
    .short 3, 0                 /* entry address */
    .long 12
    .long PHYS(start32)
    .align 8
    .short 5, 1                 /* framebuffer, optional */
    .long 20
    .long 1024, 768, 32
    .align 8
    .short 6, 0                 /* page-aligned modules */
    .long 8
    .short 0, 0                 /* end */
    .long 8
mb2_end:

    .section .text.boot, "ax"
    .code32
    .globl start32
start32:
    cli
    cld
    mov %eax, %edi
    mov %ebx, %esi
    mov $PHYS(boot_stack_top), %esp
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $0xC0000080, %ecx       /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax        /* PG | WP | PE */
    mov %eax, %cr0
    lgdt PHYS(boot_gdtr)
    ljmpl $0x08, $PHYS(start64_low)

    .code64
start64_low:
    movabs $start64, %rax
    jmp *%rax

    .text
start64:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp
    mov %edi, %r12d
    mov %esi, %r13d
    call stack_guard_init
    mov %r12d, %edi
    mov %r13d, %esi
    call kmain
1:  cli
    hlt
    jmp 1b

    .section .rodata
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF    /* 64-bit code */
    .quad 0x00CF92000000FFFF    /* data */
boot_gdt_end:
boot_gdtr:
    .short boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)

    .data
    .align 4096
    .globl boot_pml4
boot_pml4:
    .quad PHYS(boot_pdpt_low) + 3
    .fill 510, 8, 0
    .quad PHYS(boot_pdpt_high) + 3
boot_pdpt_low:
    .quad PHYS(boot_pd) + 3
    .fill 511, 8, 0
boot_pdpt_high:
    .fill 510, 8, 0
    .quad PHYS(boot_pd) + 3
    .quad 0
boot_pd:
    .set i, 0
    .rept 512
    .quad (i << 21) | 0x83
    .set i, i + 1
    .endr

    .bss
    .align 4096
    .globl boot_stack_guard, boot_stack_top
boot_stack_guard:
    .skip 4096
    .skip 16384
boot_stack_top:
