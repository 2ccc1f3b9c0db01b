#pragma once
/* Object methods, called with the invoke system call: invoke(cap, METHOD, args...).
 * Each line: method(arguments) -> result; [right needed]. Slots are in the caller's cspace
 * unless stated otherwise. Errors: -EBADF no such capability, -EINVAL bad type or argument,
 * -EPERM missing right, -ENOMEM quota exhausted, -EFAULT bad user pointer, -EEXIST a
 * destination slot that is occupied (destination out of range: -EBADF). */

/* untyped */
#define UNTYPED_RETYPE 0x100 /* (obj_type, size_arg, dst_slot) -> 0. size_arg: pages for
                                MEMORY, slots (power of two, 16..4096) for CSPACE, ignored
                                otherwise. [CONTROL] */
#define UNTYPED_SPLIT 0x101  /* (bytes, dst_slot) -> 0: a child untyped with part of the quota */
#define UNTYPED_INFO 0x102   /* () -> bytes left in this untyped; rdx = free pages in the
                                whole kernel (for leak checks) */

/* cspace: the invoked cspace is the destination; source slots are in the caller's cspace */
#define CSPACE_COPY 0x200   /* (dst_slot, src_slot, rights_mask) [CONTROL] */
#define CSPACE_MINT 0x201   /* (dst_slot, src_slot, rights_mask, badge) [CONTROL] */
#define CSPACE_MOVE 0x202   /* (dst_slot, src_slot) [CONTROL] */
#define CSPACE_DELETE 0x203 /* (slot) [CONTROL] */
#define CSPACE_REVOKE 0x204 /* (slot): deletes every capability derived from slot [CONTROL] */
#define CSPACE_INFO 0x205   /* (slot) -> type; rdx = rights, r10 = badge [READ] */
#define CSPACE_SAVE_REPLY 0x206 /* (dst_slot): the caller's pending reply as a REPLY cap;
                                   one-shot: it can be moved (CSPACE_MOVE, or sent in a
                                   message, which moves it), never copied */
#define CSPACE_FIND_FREE 0x207  /* () -> lowest empty slot, or -ENOSPC */
/* Between two cspaces, neither of which need be the caller's: invoked on the destination,
 * src_cspace is a handle (in the caller's cspace) to the source cspace, with CONTROL. */
#define CSPACE_COPY_FROM 0x208 /* (dst_slot, src_cspace, src_slot) [CONTROL] */
#define CSPACE_MOVE_FROM 0x209 /* (dst_slot, src_cspace, src_slot) [CONTROL] */

/* thread */
#define THREAD_CONFIGURE 0x300 /* (cspace_slot, vspace_slot, ipcbuf_va, ipcbuf_mem_slot,
                                  ipcbuf_page_index) [CONTROL] */
#define THREAD_SET_FAULT 0x301 /* (endpoint_slot or 0, badge) [CONTROL] */
#define THREAD_SET_PRIORITY 0x302 /* (prio 0..255, not above the caller's) [CONTROL] */
#define THREAD_READ_REGS 0x303  /* (struct user_regs *out) [READ] */
#define THREAD_WRITE_REGS 0x304 /* (const struct user_regs *in) [WRITE] */
#define THREAD_RESUME 0x305     /* () [CONTROL] */
#define THREAD_SUSPEND 0x306    /* () [CONTROL] */
#define THREAD_INTERRUPT 0x307  /* (): a blocked call returns -EINTR [CONTROL] */
#define THREAD_STATS 0x308      /* () -> cpu time in ns; rdx = state, r10 = priority [READ] */

/* vspace */
#define VSPACE_MAP 0x400     /* (memory_slot, va, first_page, npages, prot) [CONTROL; the
                                memory cap needs READ, +WRITE for PROT_W, +EXEC for PROT_X] */
#define VSPACE_UNMAP 0x401   /* (va, npages) [CONTROL] */
#define VSPACE_PROTECT 0x402 /* (va, npages, prot): only within what was mapped [CONTROL] */
#define VSPACE_CLONE 0x403   /* (dst_slot): copy-on-write copy of the user half [CONTROL] */
#define VSPACE_QUERY 0x404   /* (va) -> prot of the page, or -ENOENT [READ] */

/* memory */
#define MEMORY_INFO 0x500 /* () -> pages */
#define MEMORY_PHYS 0x501 /* (page) -> physical address (device memory and DMA) [CONTROL] */

/* notification: signal/wait are system calls; */
/* irq control / irq */
#define IRQ_CONTROL_GET 0x600 /* (isa_irq, dst_slot): an IRQ object for that line */
#define IRQ_SET_NOTIFICATION 0x601 /* (notification_slot, badge_bits): interrupts signal it */
#define IRQ_ACK 0x602              /* (): unmask the line after handling */
/* Device memory for drivers: a memory object over [phys, phys + npages pages), mapped
 * uncached (rights READ|WRITE|GRANT|CONTROL, MEMORY_PHYS works). -EINVAL: phys not page
 * aligned, npages 0 or above 16384, the range wraps or passes the CPU's physical address
 * width; -EPERM: it touches RAM (any memory-map region but "reserved"), the first MiB, the
 * kernel image, boot modules, the local APIC/MSI window or an IOAPIC. [CONTROL] */
#define IRQ_CONTROL_MMIO 0x603 /* (phys, npages, dst_slot) */
/* A message-signalled interrupt (MSI/MSI-X): an IRQ object owning a free vector; returns the
 * vector, rdx = the message address and r10 = the message data for the device to write.
 * It fires as the line objects do: the notification is signalled and no further signal comes
 * until IRQ_ACK (an interrupt meanwhile is remembered and signalled at IRQ_ACK). -EBUSY when
 * no vector is free. [CONTROL] */
#define IRQ_CONTROL_MSI 0x604  /* (dst_slot) -> vector */

/* I/O ports */
#define IOPORT_IN 0x700    /* (port, width 1|2|4) -> value [READ] */
#define IOPORT_OUT 0x701   /* (port, width, value) [WRITE] */
#define IOPORT_ISSUE 0x702 /* (first, count, dst_slot): a sub-range capability [CONTROL] */

/* Thread semantics. A new thread is TS_INACTIVE with priority 100 and no cspace/vspace; it
 * needs THREAD_CONFIGURE (cspace and vspace required, IPC buffer optional: mem slot 0) and
 * THREAD_WRITE_REGS (rip, rsp, rdi...) before THREAD_RESUME, else resume fails -EINVAL.
 * Register writes take effect when the thread next returns to user mode. A resumed thread of
 * the caller's priority goes to the tail of the run queue; the caller keeps running.
 * Destroying the last capability to a thread stops it. exit_thread(code) makes it TS_DEAD.
 * A user fault (page fault, #GP, #UD, divide...) that copy-on-write cannot resolve sends an
 * IPC_LABEL_FAULT message to the thread's fault endpoint as if the thread had called it
 * (badge = the badge given to THREAD_SET_FAULT); a reply resumes it. With no fault endpoint
 * the thread is suspended (TS_INACTIVE) and the kernel logs the fault; the kernel never
 * panics on a user fault. THREAD_INTERRUPT makes a blocked call/recv/wait/futex_wait/sleep
 * return -EINTR (a thread waiting for a reply: the call returns -EINTR and the reply is lost).
 *
 * Other system calls: debug_write(buf, len) -> bytes written (len <= 4096, -EFAULT on a bad
 * buffer); signal(notification_cap) [WRITE]; wait(notification_cap, timeout_ns) -> the bits
 * (then cleared), -ETIMEDOUT, or -EAGAIN for TIMEOUT_POLL with no bits [READ];
 * futex_wait(addr, expected32, timeout_ns) -> 0, -EAGAIN when *addr != expected,
 * -ETIMEDOUT, -EFAULT; futex_wake(addr, n) -> threads woken (futexes are keyed by the
 * physical page, so they work across address spaces sharing memory); clock() -> ns since
 * boot; yield(); exit_thread(code). recv(cap, timeout_ns, msg) [READ] returns -ETIMEDOUT /
 * -EAGAIN (poll) when nobody sends. send on a REPLY capability answers its call. */

/* Registers of a thread as THREAD_READ_REGS / THREAD_WRITE_REGS see them. */
struct user_regs {
    unsigned long rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    unsigned long r8, r9, r10, r11, r12, r13, r14, r15;
    unsigned long rip, rflags, fs_base, gs_base;
};

/* Thread states reported by THREAD_STATS. */
enum thread_state {
    TS_INACTIVE = 0, /* created, not yet resumed, or suspended */
    TS_READY = 1,
    TS_RUNNING = 2,
    TS_BLOCKED_SEND = 3,
    TS_BLOCKED_RECV = 4,
    TS_BLOCKED_REPLY = 5,
    TS_BLOCKED_NOTIFY = 6,
    TS_BLOCKED_FUTEX = 7,
    TS_SLEEPING = 8,
    TS_DEAD = 9,
};
