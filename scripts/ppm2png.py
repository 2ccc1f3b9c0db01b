#!/usr/bin/python3
"""ppm2png.py IN.ppm OUT.png: converts a QEMU screendump (binary P6) to PNG."""
import struct
import sys
import zlib


def main():
    data = open(sys.argv[1], "rb").read()
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6":
        sys.exit("not a P6 ppm")
    w, h = int(parts[1]), int(parts[2])
    pix = parts[4][: w * h * 3]
    raw = b"".join(b"\0" + pix[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    open(sys.argv[2], "wb").write(png)


main()
