#!/bin/bash
# Build the Linux baseline for `make bench`:
#   CACHE_DIR/vmlinuz             Debian bookworm 6.1 kernel (linux-image-6.1.*-amd64)
#   CACHE_DIR/initramfs.cpio.gz   /init = static lbench, plus busybox-static
#
# Usage: bench/linux/build.sh CACHE_DIR
#
# The Debian packages are fetched with `apt-get download` and unpacked with
# `dpkg -x` only when CACHE_DIR/kernel/boot/vmlinuz-* does not exist yet, so
# once cached the same kernel is used for every later run (delete
# CACHE_DIR/kernel to move to the current Debian kernel).  The initramfs is
# rebuilt on every call (it takes well under a second).
#
# Environment:
#   KERNEL_PKG     exact kernel package (default: what linux-image-amd64 depends on)
#   WITH_BUSYBOX   1 (default) to add /bin/busybox + /bin/sh, 0 to leave it out
# Callers may start this with `sh build.sh` (dash): re-run under bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 CACHE_DIR" >&2
    exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
CACHE=$(cd "$1" && pwd)
WITH_BUSYBOX=${WITH_BUSYBOX:-1}

log() { echo "linux-bench: $*" >&2; }

apt_updated=0
apt_update_once() {
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq >&2
        apt_updated=1
    fi
}

need_tool() { # need_tool COMMAND PACKAGE
    if ! command -v "$1" >/dev/null 2>&1; then
        log "installing $2"
        apt_update_once
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
    fi
}

need_tool cpio cpio
need_tool gzip gzip
need_tool gcc gcc
need_tool dpkg dpkg
if [ ! -e /usr/lib/x86_64-linux-gnu/libc.a ]; then
    log "installing libc6-dev"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libc6-dev >&2
fi

# Name of the versioned kernel package that linux-image-amd64 points at,
# e.g. linux-image-6.1.0-56-amd64.
kernel_pkg() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-6\.1\.[^ ]*-amd64\)$/\1/p' | head -n1
}

find_vmlinuz() {
    ls "$CACHE"/kernel/boot/vmlinuz-6.1.*-amd64 2>/dev/null | head -n1
}

find_busybox() {
    if [ -x "$CACHE/busybox/bin/busybox" ]; then
        echo "$CACHE/busybox/bin/busybox"
    fi
}

fetch() { # fetch PACKAGE DESTDIR
    local pkg=$1 dest=$2 dl
    dl=$(mktemp -d "$CACHE/dl.XXXXXX")
    chmod 755 "$dl" # lets apt's _apt user write there (no sandbox warning)
    log "downloading $pkg"
    (cd "$dl" && apt-get download -q "$pkg" >&2)
    rm -rf "$dest.tmp"
    dpkg -x "$dl"/*.deb "$dest.tmp"
    dpkg-deb -f "$dl"/*.deb Package Version >"$dest.tmp/PACKAGE"
    rm -rf "$dl"
}

# The modules the file-system benchmark loads, in load order: virtio-blk and ext4 (which
# mounts ext2) with what they depend on (Debian builds them all as modules).
FS_MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk
crc16 mbcache jbd2 crc32c_generic ext4"

keep_modules() { # keep_modules UNPACKED_PACKAGE DEST: copy FS_MODULES out of the package tree
    local m f
    rm -rf "$2"
    mkdir -p "$2"
    for m in $FS_MODULES; do
        f=$(find "$1/lib/modules" -name "$m.ko" -o -name "$m.ko.xz" | head -n1)
        if [ -z "$f" ]; then
            log "module $m not found in the kernel package"
            exit 1
        fi
        cp "$f" "$2/"
        echo "$(basename "$f")" >>"$2/order"
    done
}

if [ -z "$(find_vmlinuz)" ]; then
    pkg=${KERNEL_PKG:-$(kernel_pkg)}
    if [ -z "$pkg" ]; then
        apt_update_once
        pkg=$(kernel_pkg)
    fi
    if [ -z "$pkg" ]; then
        log "cannot resolve the linux-image-6.1.*-amd64 package behind linux-image-amd64"
        exit 1
    fi
    if ! fetch "$pkg" "$CACHE/kernel" 2>/dev/null; then
        apt_update_once
        fetch "$pkg" "$CACHE/kernel"
    fi
    # Only the kernel image and the disk modules are needed: drop the other ~400 MB.
    keep_modules "$CACHE/kernel.tmp" "$CACHE/kernel.tmp/fsmodules"
    rm -rf "$CACHE/kernel.tmp/lib/modules" "$CACHE/kernel.tmp/usr"
    rm -rf "$CACHE/kernel"
    mv "$CACHE/kernel.tmp" "$CACHE/kernel"
fi

# A cache made before the file-system benchmark has the kernel without its modules: fetch
# the same package once more for them.
if [ ! -f "$CACHE/kernel/fsmodules/order" ]; then
    pkg=$(sed -n 's/^Package: //p' "$CACHE/kernel/PACKAGE")
    if ! fetch "$pkg" "$CACHE/kmod" 2>/dev/null; then
        apt_update_once
        fetch "$pkg" "$CACHE/kmod"
    fi
    keep_modules "$CACHE/kmod.tmp" "$CACHE/kernel/fsmodules"
    rm -rf "$CACHE/kmod.tmp"
fi

if [ "$WITH_BUSYBOX" = 1 ] && [ -z "$(find_busybox)" ]; then
    if ! fetch busybox-static "$CACHE/busybox" 2>/dev/null; then
        apt_update_once
        fetch busybox-static "$CACHE/busybox"
    fi
    rm -rf "$CACHE/busybox.tmp/usr/share"
    rm -rf "$CACHE/busybox"
    mv "$CACHE/busybox.tmp" "$CACHE/busybox"
fi

vmlinuz=$(find_vmlinuz)
if [ -z "$vmlinuz" ]; then
    log "no vmlinuz found in $CACHE/kernel/boot"
    exit 1
fi
cp "$vmlinuz" "$CACHE/vmlinuz.tmp"
mv "$CACHE/vmlinuz.tmp" "$CACHE/vmlinuz"

# The benchmark itself.
gcc -O2 -static -Wall -Wextra -o "$CACHE/lbench" "$HERE/lbench.c" "$HERE/lbench_fs.c"

# initramfs: /init is lbench.  The kernel's built-in initramfs already
# provides /dev/console, and lbench mounts devtmpfs itself if it is missing.
root="$CACHE/initramfs.root"
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,lib/modules}
install -m 755 "$CACHE/lbench" "$root/init"
cp "$CACHE"/kernel/fsmodules/* "$root/lib/modules/"
if [ "$WITH_BUSYBOX" = 1 ]; then
    install -m 755 "$(find_busybox)" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
fi
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc --owner=0:0 --reproducible) |
    gzip -9 -n >"$CACHE/initramfs.cpio.gz.tmp"
mv "$CACHE/initramfs.cpio.gz.tmp" "$CACHE/initramfs.cpio.gz"
rm -rf "$root"

{
    sed 's/^/kernel /' "$CACHE/kernel/PACKAGE"
    if [ "$WITH_BUSYBOX" = 1 ]; then sed 's/^/busybox /' "$CACHE/busybox/PACKAGE"; fi
} >"$CACHE/VERSIONS"
log "kernel: $(tr '\n' ' ' <"$CACHE/kernel/PACKAGE")"
log "wrote $CACHE/vmlinuz ($(stat -c %s "$CACHE/vmlinuz") bytes)"
log "wrote $CACHE/initramfs.cpio.gz ($(stat -c %s "$CACHE/initramfs.cpio.gz") bytes)"
