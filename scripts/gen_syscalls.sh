#!/bin/sh
# gen_syscalls.sh TABLE OUTDIR: syscall numbers, kernel dispatch table and user stubs.
set -e
tbl="$1"
out="$2"
mkdir -p "$out/abi" "$out/kernel" "$out/user"
rows=$(grep -v '^#' "$tbl" | grep -v '^[[:space:]]*$')

{
    echo "#pragma once"
    echo "/* Generated from abi/syscalls.tbl by scripts/gen_syscalls.sh. */"
    echo "$rows" | awk '{ printf "#define SYS_%s %s\n", $2, $1; n = $1 } END { printf "#define SYS_COUNT %d\n", n + 1 }'
} > "$out/abi/syscall_nr.h"

{
    echo "/* Generated from abi/syscalls.tbl by scripts/gen_syscalls.sh. */"
    echo "#include \"core/syscall.h\""
    echo "$rows" | awk '{ printf "void sys_%s(struct trap_frame *tf);\n", $2 }'
    echo "const syscall_fn syscall_table[SYS_COUNT] = {"
    echo "$rows" | awk '{ printf "    [SYS_%s] = sys_%s,\n", $2, $2 }'
    echo "};"
} > "$out/kernel/syscall_table.c"

{
    echo "#pragma once"
    echo "/* Generated from abi/syscalls.tbl by scripts/gen_syscalls.sh. */"
    echo "#include <stdint.h>"
    echo "#include \"abi/cap.h\""
    echo "#include \"abi/ipc.h\""
    echo "#include \"abi/syscall_nr.h\""
    echo "$rows" | awk '
    $3 == "plain" {
        n = $4; params = ""; sets = ""; ins = "\"a\"(nr)"
        regs[0] = "rdi"; regs[1] = "rsi"; regs[2] = "rdx"; regs[3] = "r10"; regs[4] = "r8"; regs[5] = "r9"
        for (i = 0; i < n; i++) {
            params = params (i ? ", " : "") "uint64_t a" i
            sets = sets "    register uint64_t r_" regs[i] " __asm__(\"" regs[i] "\") = a" i ";\n"
            ins = ins ", \"r\"(r_" regs[i] ")"
        }
        if (n == 0) params = "void"
        printf "static inline long sys_%s(%s)\n{\n    long ret;\n    uint64_t nr = SYS_%s;\n%s", $2, params, $2, sets
        printf "    __asm__ volatile(\"syscall\" : \"=a\"(ret) : %s : \"rcx\", \"r11\", \"memory\");\n", ins
        printf "    return ret;\n}\n"
    }
    $3 == "ipc" {
        printf "static inline long sys_%s(cap_t cap, uint64_t arg, struct ipc_msg *m)\n{\n", $2
        printf "    register uint64_t rdi __asm__(\"rdi\") = cap;\n"
        printf "    register uint64_t rsi __asm__(\"rsi\") = arg;\n"
        printf "    register uint64_t rdx __asm__(\"rdx\") = m->w[0];\n"
        printf "    register uint64_t r10 __asm__(\"r10\") = m->w[1];\n"
        printf "    register uint64_t r8 __asm__(\"r8\") = m->w[2];\n"
        printf "    register uint64_t r9 __asm__(\"r9\") = m->w[3];\n"
        printf "    register uint64_t r12 __asm__(\"r12\") = m->w[4];\n"
        printf "    register uint64_t r13 __asm__(\"r13\") = m->w[5];\n"
        printf "    long ret;\n"
        printf "    __asm__ volatile(\"syscall\"\n"
        printf "                     : \"=a\"(ret), \"+r\"(rdi), \"+r\"(rsi), \"+r\"(rdx), \"+r\"(r10), \"+r\"(r8), \"+r\"(r9),\n"
        printf "                       \"+r\"(r12), \"+r\"(r13)\n"
        printf "                     : \"a\"((uint64_t)SYS_%s)\n", $2
        printf "                     : \"rcx\", \"r11\", \"memory\");\n"
        printf "    m->badge = rdi;\n    m->info = rsi;\n"
        printf "    m->w[0] = rdx;\n    m->w[1] = r10;\n    m->w[2] = r8;\n    m->w[3] = r9;\n    m->w[4] = r12;\n    m->w[5] = r13;\n"
        printf "    return ret;\n}\n"
    }
    $3 == "invoke" {
        printf "static inline long sys_%s(cap_t cap, uint64_t method, uint64_t a0, uint64_t a1, uint64_t a2,\n", $2
        printf "                              uint64_t a3, uint64_t a4, uint64_t a5, uint64_t out[4])\n{\n"
        printf "    register uint64_t rdi __asm__(\"rdi\") = cap;\n"
        printf "    register uint64_t rsi __asm__(\"rsi\") = method;\n"
        printf "    register uint64_t rdx __asm__(\"rdx\") = a0;\n"
        printf "    register uint64_t r10 __asm__(\"r10\") = a1;\n"
        printf "    register uint64_t r8 __asm__(\"r8\") = a2;\n"
        printf "    register uint64_t r9 __asm__(\"r9\") = a3;\n"
        printf "    register uint64_t r12 __asm__(\"r12\") = a4;\n"
        printf "    register uint64_t r13 __asm__(\"r13\") = a5;\n"
        printf "    long ret;\n"
        printf "    __asm__ volatile(\"syscall\"\n"
        printf "                     : \"=a\"(ret), \"+r\"(rdi), \"+r\"(rsi), \"+r\"(rdx), \"+r\"(r10), \"+r\"(r8), \"+r\"(r9),\n"
        printf "                       \"+r\"(r12), \"+r\"(r13)\n"
        printf "                     : \"a\"((uint64_t)SYS_%s)\n", $2
        printf "                     : \"rcx\", \"r11\", \"memory\");\n"
        printf "    if (out) {\n        out[0] = rdx;\n        out[1] = r10;\n        out[2] = r8;\n        out[3] = r9;\n    }\n"
        printf "    return ret;\n}\n"
    }'
} > "$out/user/syscall_stubs.h"
