#!/bin/sh
# mkgrubcfg.sh PROGRAM...: grub.cfg loading the kernel and each program as a boot module.
cat <<'CFG'
set timeout=0
set default=0
menuentry "CLUU" {
    multiboot2 /boot/cluu.elf
CFG
for p in "$@"; do
    echo "    module2 /boot/$p $p"
done
cat <<'CFG'
    boot
}
CFG
