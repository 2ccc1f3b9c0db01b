#include "syscall.h"
#include "log.h"
#include "hot.h"
#include "sched.h"
#include "usercopy.h"
#include "abi/errno.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "object/cspace.h"
#include "object/irq.h"
#include "object/ioport.h"
#include "object/memory.h"
#include "object/thread.h"
#include "object/untyped.h"
#include "object/vspace.h"

void syscall_entry(void);

void syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); /* SCE */
    /* sysret would take CS from STAR[63:48] + 16, SS from + 8; syscall CS/SS from [47:32]. */
    wrmsr(MSR_STAR, ((uint64_t)(GDT_KDATA | 3) << 48) | ((uint64_t)GDT_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Clear IF, TF, DF, AC, NT on entry: the kernel runs with interrupts off. */
    wrmsr(MSR_SFMASK, 0x200 | 0x100 | 0x400 | 0x40000 | 0x4000);
}

__hot void return_to_user_work(void)
{
    kobj_reap();
    struct thread *cur = current_thread();
    if (__builtin_expect(cur->state == TS_RUNNING && !this_cpu()->need_resched, 1))
        return;
    while (cur->state != TS_RUNNING || this_cpu()->need_resched) {
        schedule();
        kobj_reap();
    }
}

__hot void syscall_dispatch(struct trap_frame *tf)
{
    uint64_t nr = tf->rax;
    if (nr < SYS_COUNT)
        syscall_table[nr](tf);
    else
        tf->rax = (uint64_t)-ENOSYS;
    return_to_user_work();
}

void sys_debug_write(struct trap_frame *tf)
{
    char buf[257];
    uint64_t addr = tf->rdi, len = tf->rsi, done = 0;
    if (len > 4096) {
        tf->rax = (uint64_t)-EINVAL;
        return;
    }
    while (done < len) {
        uint64_t n = len - done < 256 ? len - done : 256;
        long e = copy_from_user(buf, addr + done, n);
        if (e) {
            tf->rax = (uint64_t)e;
            return;
        }
        buf[n] = 0;
        for (uint64_t i = 0; i < n; i++)
            if (!buf[i])
                buf[i] = ' ';
        kputs(buf);
        done += n;
    }
    tf->rax = len;
}

void sys_yield(struct trap_frame *tf)
{
    tf->rax = 0;
    this_cpu()->need_resched = true;
}

void sys_clock(struct trap_frame *tf)
{
    tf->rax = clock_ns();
}

void sys_exit_thread(struct trap_frame *tf)
{
    (void)tf;
    thread_exit_current();
}

typedef long (*invoke_fn)(struct cap *c, uint64_t method, struct trap_frame *tf);
static const invoke_fn invokers[OBJ_TYPE_COUNT] = {
    [OBJ_UNTYPED] = untyped_invoke, [OBJ_THREAD] = thread_invoke,
    [OBJ_VSPACE] = vspace_invoke,   [OBJ_CSPACE] = cspace_invoke,
    [OBJ_MEMORY] = memory_invoke,   [OBJ_IRQ] = irq_invoke,
    [OBJ_IOPORT] = ioport_invoke,   [OBJ_IRQ_CONTROL] = irq_control_invoke,
};

void sys_invoke(struct trap_frame *tf)
{
    struct cap *c = cspace_lookup(current_cspace(), tf->rdi);
    if (!c) {
        tf->rax = (uint64_t)-EBADF;
        return;
    }
    invoke_fn fn = invokers[c->obj->type];
    long r = fn ? fn(c, tf->rsi, tf) : -EINVAL;
    tf->rax = (uint64_t)r;
}
