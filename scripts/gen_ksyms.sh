#!/bin/sh
# gen_ksyms.sh KERNEL_ELF|-  >ksyms.c : function symbol table for backtraces.
set -e
{
    if [ "$1" != "-" ]; then
        llvm-nm -n --defined-only "$1" | awk '$2 ~ /^[tT]$/ && $3 !~ /^\./ && $3 !~ /^(start32_phys)$/ { print $1, $3 }'
    fi
} | awk '
BEGIN { print "#include <stdint.h>"; n = 0 }
{ a[n] = $1; s[n] = $2; n++ }
END {
    print "const uint64_t ksyms_count = " n ";"
    printf "const uint64_t ksyms_addr[] = {"
    for (i = 0; i < n; i++) printf "0x%sull,", a[i]
    print "0};"
    printf "const char *const ksyms_name[] = {"
    for (i = 0; i < n; i++) printf "\"%s\",", s[i]
    print "0};"
}'
