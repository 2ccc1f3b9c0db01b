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
mkdir -p "$tmp/home" "$tmp/tmp" "$tmp/var/images" "$tmp/var/log" "$tmp/bin" "$tmp/root" \
    "$tmp/dev" "$tmp/proc" "$tmp/initfs" "$tmp/mnt" \
    "$tmp/home/admin" "$tmp/home/guest"
chmod 1777 "$tmp/tmp"
python3 scripts/mkshadow.py "$tmp/etc/shadow"
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
mke2fs -q -t ext2 -b 1024 -L cluu-user -E root_owner=0:0 -d "$tmp" "$out" 64M
# Owners and modes as a system needs them, whoever builds the image: everything root's,
# then the exceptions (debugfs numbers are octal with a leading 0).
cmds="$(dirname "$out")/userdisk-perms.txt"
: > "$cmds"
(cd "$tmp" && find . -mindepth 1) | sed 's|^\.||' | while read -r p; do
    printf 'sif "%s" uid 0\nsif "%s" gid 0\n' "$p" "$p" >> "$cmds"
done
cat >> "$cmds" <<'PERMS'
sif /etc/shadow mode 0100600
sif /root mode 040700
sif /home/admin mode 040700
sif /home/admin uid 1000
sif /home/admin gid 1000
sif /home/guest mode 040700
sif /home/guest uid 1001
sif /home/guest gid 1001
PERMS
debugfs -w -f "$cmds" "$out" > /dev/null 2>&1
