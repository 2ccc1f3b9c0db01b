#!/bin/sh
# Checks a program linked by x86_64-cluu-cc: usage check_elf.sh PROG GLUE_OBJ ELFCHECK
#  - a static x86-64 ET_EXEC: entry and every loadable segment at or above 0x400000, no
#    PT_INTERP, no PT_DYNAMIC;
#  - accepted by the kernel's ELF validation (ELFCHECK, built from kernel/lib/elf.c);
#  - the syscall instruction appears only in functions of the glue object: all of musl's
#    kernel entries go through libcluu's hooks.
set -eu
prog=$1 glue=$2 elfcheck=$3
fail() { echo "check_elf: $prog: $*" >&2; exit 1; }

hdr=$(llvm-readelf -h "$prog")
echo "$hdr" | grep -Eq '^ *Class: +ELF64$' || fail "not ELF64"
echo "$hdr" | grep -Eq '^ *Type: +EXEC ' || fail "not ET_EXEC"
echo "$hdr" | grep -Eq '^ *Machine: +Advanced Micro Devices X86-64$' || fail "not x86-64"
entry=$(echo "$hdr" | sed -n 's/^ *Entry point address: *//p')
[ $((entry)) -ge $((0x400000)) ] || fail "entry $entry below 0x400000"

phdrs=$(llvm-readelf -l "$prog")
echo "$phdrs" | grep -Eq '^ *(INTERP|DYNAMIC) ' && fail "has PT_INTERP or PT_DYNAMIC"
loads=$(echo "$phdrs" | awk '$1 == "LOAD" { print $3 }')
[ -n "$loads" ] || fail "no PT_LOAD"
for va in $loads; do
    [ $((va)) -ge $((0x400000)) ] || fail "PT_LOAD at $va, below 0x400000"
done

"$elfcheck" "$prog" || fail "the kernel would not load it"

# Functions that execute syscall, against the functions the glue defines.
allowed=$(llvm-nm --defined-only "$glue" | awk '$2 ~ /^[tT]$/ { print $3 }')
callers=$(llvm-objdump -d --no-show-raw-insn "$prog" | awk '
    /^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn) }
    $2 == "syscall" || $3 == "syscall" { print fn }' | sort -u)
[ -n "$callers" ] || fail "no syscall instruction at all (glue not linked?)"
for fn in $callers; do
    echo "$allowed" | grep -qx "$fn" || fail "syscall instruction in $fn, outside the glue"
done
echo "check_elf: $prog: static ET_EXEC, entry $entry, loadable by CLUU; syscall only in: $(echo "$callers" | tr '\n' ' ')"
