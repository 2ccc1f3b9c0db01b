#!/bin/sh
# Installs (as root) or names (otherwise) the Debian packages the build needs.
set -e
PKGS="make clang lld llvm qemu-system-x86 grub-common grub-pc-bin grub-efi-amd64-bin
xorriso mtools ovmf cpio e2fsprogs python3 python3-pytest python3-pexpect libcmocka-dev
gcc libc6-dev libcrypt-dev console-setup-linux dash"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends $missing
else
    echo "deps: missing Debian packages. Run:"
    echo "    sudo apt-get install -y --no-install-recommends$missing"
    exit 1
fi
