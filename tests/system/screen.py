"""Reads the framebuffer console from QEMU screendumps: every 8x16 cell is compared, pixel
for pixel, with the glyphs of the same PSF2 font rendered here in the console's colours."""
import os
import socket
import struct
import time

from cluu_qemu import BUILD

FONT = os.path.join(BUILD, "font", "terminus16.psf")
GREY, WHITE, BLACK = (0xAA, 0xAA, 0xAA), (0xFF, 0xFF, 0xFF), (0, 0, 0)
UNKNOWN = "\ufffd"

# QEMU key names for the characters the tests type.
KEYS = {" ": "spc", "\n": "ret", "-": "minus", "/": "slash", ".": "dot", ">": "shift-dot",
        "|": "shift-backslash", "_": "shift-minus", "'": "apostrophe", "=": "equal",
        ";": "semicolon", ",": "comma", "$": "shift-4", "*": "shift-8", "&": "shift-7"}


def load_font(path=FONT):
    """PSF2 glyphs: (width, height, {code point: rows of bits as ints})."""
    data = open(path, "rb").read()
    magic, _, hsize, flags, count, charsize, height, width = struct.unpack_from("<8I", data)
    assert magic == 0x864AB572, "not a PSF2 font"
    stride = (width + 7) // 8
    glyphs = [data[hsize + g * charsize: hsize + (g + 1) * charsize] for g in range(count)]
    table = {}
    pos, g = hsize + count * charsize, 0
    while flags & 1 and pos < len(data) and g < count:
        end = data.index(b"\xff", pos)
        entry = data[pos:end].split(b"\xfe")[0].decode("utf-8", "replace")
        for ch in entry:
            table.setdefault(ord(ch), g)
        pos, g = end + 1, g + 1
    rows = {}
    for cp, gi in table.items():
        bits = glyphs[gi]
        rows[cp] = [int.from_bytes(bits[y * stride:(y + 1) * stride], "big") >> (stride * 8 - width)
                    for y in range(height)]
    return width, height, rows


def cell_pixels(rows, width, fg, bg):
    """The RGB bytes of one cell as the console draws it, row after row."""
    out = bytearray()
    for r in rows:
        for x in range(width):
            out += bytes(fg if r >> (width - 1 - x) & 1 else bg)
    return bytes(out)


def complete_ppm(path):
    try:
        data = open(path, "rb").read()
        magic, size, depth, px = data.split(b"\n", 3)
        w, h = map(int, size.split())
        return magic == b"P6" and len(px) == w * h * 3
    except (OSError, ValueError):
        return False


class Screen:
    """One screendump decoded into text (rows of characters)."""

    _font = None

    @classmethod
    def font(cls):
        if cls._font is None:
            width, height, rows = load_font()
            lookup = {}
            # Plain, bold and the block cursor (colours swapped); ASCII wins shared bitmaps.
            for cp in sorted(rows, key=lambda c: (c > 0x7E, c)):
                if cp < 0x20:
                    continue
                for fg, bg in ((GREY, BLACK), (WHITE, BLACK), (BLACK, GREY)):
                    lookup.setdefault(cell_pixels(rows[cp], width, fg, bg), chr(cp))
            cls._font = (width, height, lookup)
        return cls._font

    def __init__(self, ppm_path):
        data = open(ppm_path, "rb").read()
        parts = data.split(b"\n", 3)
        assert parts[0] == b"P6", "not a binary PPM"
        self.width, self.height = map(int, parts[1].split())
        px = parts[3]
        self.px = px
        cw, ch, lookup = self.font()
        self.cols, self.rows = self.width // cw, self.height // ch
        pitch = self.width * 3
        self.lines = []
        for cy in range(self.rows):
            line = []
            for cx in range(self.cols):
                base = cy * ch * pitch + cx * cw * 3
                cell = b"".join(px[base + y * pitch: base + y * pitch + cw * 3] for y in range(ch))
                line.append(lookup.get(cell, UNKNOWN))
            self.lines.append("".join(line).rstrip())
        self.text = "\n".join(self.lines)

    def pixel(self, x, y):
        """(r, g, b) at x, y."""
        i = (y * self.width + x) * 3
        return tuple(self.px[i:i + 3])

    def unknown_cells(self):
        return sum(line.count(UNKNOWN) for line in self.lines)


class Console:
    """The framebuffer console of a Machine: keys in through the monitor, text out from
    screendumps."""

    def __init__(self, machine):
        self.m = machine
        self.n = 0

    def _hmp(self, commands, gap=0.12):
        s = socket.socket(socket.AF_UNIX)
        s.connect(self.m.monitor_path)
        s.settimeout(10)
        time.sleep(0.2)
        s.recv(65536)
        for c in commands:
            s.sendall((c + "\n").encode())
            time.sleep(gap)
            try:
                s.recv(65536)
            except socket.timeout:
                pass
        s.close()

    def keys(self, *names):
        """Presses QEMU keys, e.g. keys("alt-f2") or keys("shift-pgup")."""
        self._hmp(["sendkey " + k for k in names])

    def type(self, text):
        names = []
        for c in text:
            if c in KEYS:
                names.append(KEYS[c])
            elif c.isupper():
                names.append("shift-" + c.lower())
            else:
                names.append(c)
        self._hmp(["sendkey " + k for k in names])

    def shot(self):
        self.n += 1
        path = os.path.join(self.m.tmp, f"screen{self.n}.ppm")
        self._hmp([f"screendump {path}"], gap=0.5)
        for _ in range(100):  # until QEMU has written the whole image
            if complete_ppm(path):
                break
            time.sleep(0.1)
        return Screen(path)

    def wait_for(self, predicate, timeout=60, what="the screen"):
        """Takes screendumps until predicate(screen) holds; returns that screen."""
        end = time.monotonic() + timeout
        while True:
            s = self.shot()
            if predicate(s):
                return s
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{s.text}")
            time.sleep(0.5)

    def wait_text(self, text, timeout=60):
        return self.wait_for(lambda s: text in s.text, timeout, repr(text))
