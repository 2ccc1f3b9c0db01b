#!/bin/sh
# mkgrubcfg.sh PROGRAM...: grub.cfg loading the kernel and each program as a boot module.
cat <<'CFG'
set timeout=0
set default=0
# The video drivers (VBE under BIOS, GOP under UEFI), so GRUB can set the framebuffer mode
# the kernel's Multiboot2 header asks for.
insmod all_video
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
