#!/bin/sh
# mkuserdisk.sh OUT TOOL BINDIR [PROGRAM...]: the ext2 user disk, made with mke2fs -d from
# rootfs/, the C-library programs (BINDIR/PROGRAM into /bin) and one image per container
# (containers/NAME/Cluufile -> /var/images/NAME/manifest, normalised by TOOL, the host
# cluufile-tool; NAME's program goes with it when it is built).
set -e
out="$1"
tool="$2"
bindir="$3"
shift 3
tmp="$(dirname "$out")/userdisk-root"
rm -rf "$tmp"
mkdir -p "$tmp"
cp -a rootfs/. "$tmp/"
mkdir -p "$tmp/home" "$tmp/tmp" "$tmp/var/images" "$tmp/bin"
chmod 1777 "$tmp/tmp"
for prog in "$@"; do
    install -m 0755 "$bindir/$prog" "$tmp/bin/$prog"
    strip --strip-debug "$tmp/bin/$prog"
done
for cf in containers/*/Cluufile; do
    name="$(basename "$(dirname "$cf")")"
    mkdir -p "$tmp/var/images/$name"
    "$tool" manifest "$cf" "$name" > "$tmp/var/images/$name/manifest"
    cp "$cf" "$tmp/var/images/$name/Cluufile"
done
rm -f "$out"
# Files belong to root (uid 0) whoever builds the image.
mke2fs -q -t ext2 -b 1024 -L cluu-user -E root_owner=0:0 -d "$tmp" "$out" 64M
