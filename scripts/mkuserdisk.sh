#!/bin/sh
# mkuserdisk.sh OUT: the ext2 user disk, made from rootfs/ with mke2fs -d.
set -e
out="$1"
tmp="$(dirname "$out")/userdisk-root"
rm -rf "$tmp"
mkdir -p "$tmp"
cp -a rootfs/. "$tmp/"
mkdir -p "$tmp/home" "$tmp/tmp" "$tmp/var/images" "$tmp/bin"
rm -f "$out"
mke2fs -q -t ext2 -b 1024 -L cluu-user -d "$tmp" "$out" 64M
