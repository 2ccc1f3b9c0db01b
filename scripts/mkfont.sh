#!/bin/sh
# Writes the console font as PSF2: Terminus 8x16 from Debian's console-setup-linux,
# decompressed and, since Debian ships the 8-pixel-wide sizes as PSF1, converted to PSF2.
# Usage: mkfont.sh OUT [SRC]
set -e
out=$1
src=${2:-/usr/share/consolefonts/Uni2-Terminus16.psf.gz}
if [ ! -r "$src" ]; then
    echo "mkfont: $src missing: install console-setup-linux (scripts/deps.sh)" >&2
    exit 1
fi
mkdir -p "$(dirname "$out")"
gzip -dc "$src" > "$out.raw"
/usr/bin/python3 - "$out.raw" "$out.tmp" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
if data[:4] == b'\x72\xb5\x4a\x86':
    open(sys.argv[2], 'wb').write(data)
    sys.exit(0)
if data[:2] != b'\x36\x04':
    sys.exit('mkfont: not a PSF1 or PSF2 font')
mode, height = data[2], data[3]
count = 512 if mode & 1 else 256
glyphs = data[4:4 + count * height]
if len(glyphs) != count * height:
    sys.exit('mkfont: truncated PSF1 font')
table = b''
if mode & 6:
    # PSF1 table: per glyph, UCS-2 values, 0xFFFE before sequences, 0xFFFF ends the glyph.
    pos = 4 + count * height
    for g in range(count):
        while True:
            if pos + 2 > len(data):
                sys.exit('mkfont: truncated PSF1 Unicode table')
            (u,) = struct.unpack_from('<H', data, pos)
            pos += 2
            if u == 0xffff:
                table += b'\xff'
                break
            if u == 0xfffe:
                table += b'\xfe'
            else:
                table += chr(u).encode('utf-8', 'surrogatepass')
flags = 1 if table else 0
hdr = struct.pack('<8I', 0x864ab572, 0, 32, flags, count, height, height, 8)
open(sys.argv[2], 'wb').write(hdr + glyphs + table)
PY
rm -f "$out.raw"
mv "$out.tmp" "$out"
