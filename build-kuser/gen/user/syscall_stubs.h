#pragma once
/* Generated from abi/syscalls.tbl by scripts/gen_syscalls.sh. */
#include <stdint.h>
#include "abi/cap.h"
#include "abi/ipc.h"
#include "abi/syscall_nr.h"
static inline long sys_debug_write(uint64_t a0, uint64_t a1)
{
    long ret;
    uint64_t nr = SYS_debug_write;
    register uint64_t r_rdi __asm__("rdi") = a0;
    register uint64_t r_rsi __asm__("rsi") = a1;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "r"(r_rdi), "r"(r_rsi) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_call(cap_t cap, uint64_t arg, struct ipc_msg *m)
{
    register uint64_t rdi __asm__("rdi") = cap;
    register uint64_t rsi __asm__("rsi") = arg;
    register uint64_t rdx __asm__("rdx") = m->w[0];
    register uint64_t r10 __asm__("r10") = m->w[1];
    register uint64_t r8 __asm__("r8") = m->w[2];
    register uint64_t r9 __asm__("r9") = m->w[3];
    register uint64_t r12 __asm__("r12") = m->w[4];
    register uint64_t r13 __asm__("r13") = m->w[5];
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                       "+r"(r12), "+r"(r13)
                     : "a"((uint64_t)SYS_call)
                     : "rcx", "r11", "memory");
    m->badge = rdi;
    m->info = rsi;
    m->w[0] = rdx;
    m->w[1] = r10;
    m->w[2] = r8;
    m->w[3] = r9;
    m->w[4] = r12;
    m->w[5] = r13;
    return ret;
}
static inline long sys_reply_recv(cap_t cap, uint64_t arg, struct ipc_msg *m)
{
    register uint64_t rdi __asm__("rdi") = cap;
    register uint64_t rsi __asm__("rsi") = arg;
    register uint64_t rdx __asm__("rdx") = m->w[0];
    register uint64_t r10 __asm__("r10") = m->w[1];
    register uint64_t r8 __asm__("r8") = m->w[2];
    register uint64_t r9 __asm__("r9") = m->w[3];
    register uint64_t r12 __asm__("r12") = m->w[4];
    register uint64_t r13 __asm__("r13") = m->w[5];
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                       "+r"(r12), "+r"(r13)
                     : "a"((uint64_t)SYS_reply_recv)
                     : "rcx", "r11", "memory");
    m->badge = rdi;
    m->info = rsi;
    m->w[0] = rdx;
    m->w[1] = r10;
    m->w[2] = r8;
    m->w[3] = r9;
    m->w[4] = r12;
    m->w[5] = r13;
    return ret;
}
static inline long sys_send(cap_t cap, uint64_t arg, struct ipc_msg *m)
{
    register uint64_t rdi __asm__("rdi") = cap;
    register uint64_t rsi __asm__("rsi") = arg;
    register uint64_t rdx __asm__("rdx") = m->w[0];
    register uint64_t r10 __asm__("r10") = m->w[1];
    register uint64_t r8 __asm__("r8") = m->w[2];
    register uint64_t r9 __asm__("r9") = m->w[3];
    register uint64_t r12 __asm__("r12") = m->w[4];
    register uint64_t r13 __asm__("r13") = m->w[5];
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                       "+r"(r12), "+r"(r13)
                     : "a"((uint64_t)SYS_send)
                     : "rcx", "r11", "memory");
    m->badge = rdi;
    m->info = rsi;
    m->w[0] = rdx;
    m->w[1] = r10;
    m->w[2] = r8;
    m->w[3] = r9;
    m->w[4] = r12;
    m->w[5] = r13;
    return ret;
}
static inline long sys_recv(cap_t cap, uint64_t arg, struct ipc_msg *m)
{
    register uint64_t rdi __asm__("rdi") = cap;
    register uint64_t rsi __asm__("rsi") = arg;
    register uint64_t rdx __asm__("rdx") = m->w[0];
    register uint64_t r10 __asm__("r10") = m->w[1];
    register uint64_t r8 __asm__("r8") = m->w[2];
    register uint64_t r9 __asm__("r9") = m->w[3];
    register uint64_t r12 __asm__("r12") = m->w[4];
    register uint64_t r13 __asm__("r13") = m->w[5];
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                       "+r"(r12), "+r"(r13)
                     : "a"((uint64_t)SYS_recv)
                     : "rcx", "r11", "memory");
    m->badge = rdi;
    m->info = rsi;
    m->w[0] = rdx;
    m->w[1] = r10;
    m->w[2] = r8;
    m->w[3] = r9;
    m->w[4] = r12;
    m->w[5] = r13;
    return ret;
}
static inline long sys_signal(uint64_t a0)
{
    long ret;
    uint64_t nr = SYS_signal;
    register uint64_t r_rdi __asm__("rdi") = a0;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "r"(r_rdi) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_wait(uint64_t a0, uint64_t a1)
{
    long ret;
    uint64_t nr = SYS_wait;
    register uint64_t r_rdi __asm__("rdi") = a0;
    register uint64_t r_rsi __asm__("rsi") = a1;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "r"(r_rdi), "r"(r_rsi) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_invoke(cap_t cap, uint64_t method, uint64_t a0, uint64_t a1, uint64_t a2,
                              uint64_t a3, uint64_t a4, uint64_t a5, uint64_t out[4])
{
    register uint64_t rdi __asm__("rdi") = cap;
    register uint64_t rsi __asm__("rsi") = method;
    register uint64_t rdx __asm__("rdx") = a0;
    register uint64_t r10 __asm__("r10") = a1;
    register uint64_t r8 __asm__("r8") = a2;
    register uint64_t r9 __asm__("r9") = a3;
    register uint64_t r12 __asm__("r12") = a4;
    register uint64_t r13 __asm__("r13") = a5;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                       "+r"(r12), "+r"(r13)
                     : "a"((uint64_t)SYS_invoke)
                     : "rcx", "r11", "memory");
    if (out) {
        out[0] = rdx;
        out[1] = r10;
        out[2] = r8;
        out[3] = r9;
    }
    return ret;
}
static inline long sys_yield(void)
{
    long ret;
    uint64_t nr = SYS_yield;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_futex_wait(uint64_t a0, uint64_t a1, uint64_t a2)
{
    long ret;
    uint64_t nr = SYS_futex_wait;
    register uint64_t r_rdi __asm__("rdi") = a0;
    register uint64_t r_rsi __asm__("rsi") = a1;
    register uint64_t r_rdx __asm__("rdx") = a2;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "r"(r_rdi), "r"(r_rsi), "r"(r_rdx) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_futex_wake(uint64_t a0, uint64_t a1)
{
    long ret;
    uint64_t nr = SYS_futex_wake;
    register uint64_t r_rdi __asm__("rdi") = a0;
    register uint64_t r_rsi __asm__("rsi") = a1;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "r"(r_rdi), "r"(r_rsi) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_clock(void)
{
    long ret;
    uint64_t nr = SYS_clock;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}
static inline long sys_exit_thread(uint64_t a0)
{
    long ret;
    uint64_t nr = SYS_exit_thread;
    register uint64_t r_rdi __asm__("rdi") = a0;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "r"(r_rdi) : "rcx", "r11", "memory");
    return ret;
}
