#!/bin/sh
# Packs a directory into a cpio "newc" archive (the initfs boot module), owned by root.
# Usage: mkinitfs.sh DIR OUT
set -e
dir=$1
out=$2
mkdir -p "$(dirname "$out")"
abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$dir"
find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > "$abs"
