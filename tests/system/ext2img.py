"""ext2 images for the system tests: a populated base image made with mke2fs -d, a reader for
its metadata, and seeded structural corruptions (superblock fields, group descriptors, inodes,
directory entries, indirect blocks, bitmaps, raw bytes)."""
import os
import random
import shutil
import struct
import subprocess

# Superblock fields worth breaking: (offset in the superblock, size in bytes, name).
SUPER_FIELDS = [
    (0, 4, "s_inodes_count"), (4, 4, "s_blocks_count"), (12, 4, "s_free_blocks_count"),
    (16, 4, "s_free_inodes_count"), (20, 4, "s_first_data_block"), (24, 4, "s_log_block_size"),
    (32, 4, "s_blocks_per_group"), (40, 4, "s_inodes_per_group"), (56, 2, "s_magic"),
    (58, 2, "s_state"), (76, 4, "s_rev_level"), (84, 4, "s_first_ino"),
    (88, 2, "s_inode_size"), (92, 4, "s_feature_compat"), (96, 4, "s_feature_incompat"),
    (100, 4, "s_feature_ro_compat"), (206, 2, "s_reserved_gdt_blocks"),
]
GD_FIELDS = [(0, 4, "bg_block_bitmap"), (4, 4, "bg_inode_bitmap"), (8, 4, "bg_inode_table"),
             (12, 2, "bg_free_blocks_count"), (14, 2, "bg_free_inodes_count"),
             (16, 2, "bg_used_dirs_count")]
INODE_FIELDS = [(0, 2, "i_mode"), (4, 4, "i_size"), (26, 2, "i_links_count"),
                (28, 4, "i_blocks"), (32, 4, "i_flags"), (104, 4, "i_file_acl"),
                (108, 4, "i_size_high")] + [(40 + 4 * k, 4, f"i_block[{k}]") for k in range(15)]


def build_tree(src):
    """The files the base image holds: small and large files (indirect and double-indirect
    blocks with 1 KiB blocks), a sparse file, nested and large directories, links."""
    if os.path.exists(src):
        shutil.rmtree(src)
    os.makedirs(os.path.join(src, "d", "e", "f"))
    os.makedirs(os.path.join(src, "many"))
    os.makedirs(os.path.join(src, "empty"))
    rnd = random.Random(5)
    with open(os.path.join(src, "small"), "w") as f:
        f.write("hello\n")
    with open(os.path.join(src, "big"), "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(400000)))
    with open(os.path.join(src, "sparse"), "wb") as f:
        f.seek(3000000)
        f.write(b"x")
    with open(os.path.join(src, "d", "e", "f", "g"), "w") as f:
        f.write("deep\n")
    for i in range(120):
        with open(os.path.join(src, "many", f"n{i}"), "w") as f:
            f.write(f"{i}\n")
    os.symlink("small", os.path.join(src, "fast"))
    os.symlink("p" * 150, os.path.join(src, "slow"))
    os.link(os.path.join(src, "big"), os.path.join(src, "d", "hard"))


def make_image(path, src, block_size):
    """mke2fs -t ext2 from src: two block groups, whatever the block size."""
    size_kib = 4096 if block_size == 1024 else 8192
    per_group = (size_kib * 1024 // block_size) // 2
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-b", str(block_size), "-g", str(per_group),
                    "-N", "256", "-E", "root_owner=0:0", "-d", src, path, f"{size_kib}K"],
                   check=True, capture_output=True)


class Image:
    """The metadata of a clean ext2 image, read once, to aim corruptions at."""

    def __init__(self, data):
        self.data = bytes(data)
        sb = self.data[1024:2048]
        (self.ninodes, self.nblocks) = struct.unpack_from("<II", sb, 0)
        self.first_data = struct.unpack_from("<I", sb, 20)[0]
        self.bs = 1024 << struct.unpack_from("<I", sb, 24)[0]
        self.bpg = struct.unpack_from("<I", sb, 32)[0]
        self.ipg = struct.unpack_from("<I", sb, 40)[0]
        self.isz = struct.unpack_from("<H", sb, 88)[0]
        self.groups = (self.nblocks - self.first_data + self.bpg - 1) // self.bpg
        self.gdt = (self.first_data + 1) * self.bs
        self.gds = [struct.unpack_from("<III", self.data, self.gdt + 32 * g)
                    for g in range(self.groups)]
        self.inodes = {}     # inode number -> byte offset of a used inode
        self.dir_blocks = []
        self.indirect = []
        self.walk(2, 0)

    def inode_off(self, ino):
        g, i = divmod(ino - 1, self.ipg)
        return self.gds[g][2] * self.bs + i * self.isz

    def u32(self, off):
        return struct.unpack_from("<I", self.data, off)[0]

    def blocks_of(self, off):
        """Data blocks of the inode at off, in order; indirect blocks go to self.indirect."""
        ptrs = [self.u32(off + 40 + 4 * k) for k in range(15)]
        out = [p for p in ptrs[:12] if p]

        def expand(blk, depth):
            if not blk:
                return
            if depth == 0:
                out.append(blk)
                return
            self.indirect.append(blk)
            for k in range(self.bs // 4):
                expand(self.u32(blk * self.bs + 4 * k), depth - 1)

        for depth, blk in ((1, ptrs[12]), (2, ptrs[13]), (3, ptrs[14])):
            expand(blk, depth)
        return out

    def walk(self, ino, depth):
        if ino in self.inodes or depth > 10:
            return
        off = self.inode_off(ino)
        self.inodes[ino] = off
        mode = struct.unpack_from("<H", self.data, off)[0]
        size = self.u32(off + 4)
        if mode & 0xF000 == 0xA000 and size < 60:
            return  # fast symlink: i_block holds the target
        blocks = self.blocks_of(off)
        if mode & 0xF000 != 0x4000:
            return
        for blk in blocks:
            self.dir_blocks.append(blk)
            pos = 0
            while pos + 8 <= self.bs:
                child, rec, nlen = struct.unpack_from("<IHB", self.data, blk * self.bs + pos)
                name = self.data[blk * self.bs + pos + 8:blk * self.bs + pos + 8 + nlen]
                if child and name not in (b".", b".."):
                    self.walk(child, depth + 1)
                if rec < 8:
                    break
                pos += rec


def interesting(rnd, orig, size, img):
    """A value that tends to break a check: 0, 1, all ones, off by one, a bit flipped, another
    block number of the image, past its end, or random."""
    top = (1 << (8 * size)) - 1
    choices = [0, 1, top, (orig + 1) & top, (orig - 1) & top, orig ^ (1 << rnd.randrange(8 * size)),
               rnd.getrandbits(8 * size), min(img.nblocks + rnd.randrange(1, 100), top),
               rnd.randrange(img.nblocks) & top, (orig * 2) & top]
    return rnd.choice(choices)


def put(buf, off, size, value):
    struct.pack_into("<I" if size == 4 else ("<H" if size == 2 else "<B"), buf, off, value)


def get(buf, off, size):
    return struct.unpack_from("<I" if size == 4 else ("<H" if size == 2 else "<B"), buf, off)[0]


def corrupt_one(rnd, buf, img):
    """One corruption of buf; returns its description."""
    kind = rnd.choices(["super", "gdesc", "inode", "dirent", "indirect", "bitmap", "bytes"],
                       weights=[1, 2, 5, 5, 3, 2, 2])[0]
    if kind == "super":
        off, size, name = rnd.choice(SUPER_FIELDS)
        v = interesting(rnd, get(buf, 1024 + off, size), size, img)
        put(buf, 1024 + off, size, v)
        return f"super {name}={v:#x}"
    if kind == "gdesc":
        g = rnd.randrange(img.groups)
        off, size, name = rnd.choice(GD_FIELDS)
        at = img.gdt + 32 * g + off
        v = interesting(rnd, get(buf, at, size), size, img)
        put(buf, at, size, v)
        return f"group {g} {name}={v:#x}"
    if kind == "inode":
        ino = rnd.choice(sorted(img.inodes))
        off, size, name = rnd.choice(INODE_FIELDS)
        at = img.inodes[ino] + off
        if name.startswith("i_block") and rnd.random() < 0.4:
            # Another structure's block: a directory, an indirect block, the inode table.
            v = rnd.choice(img.dir_blocks + img.indirect + [img.gds[0][2], img.first_data + 1])
        elif name == "i_mode":
            v = (rnd.choice([0x1000, 0x2000, 0x4000, 0x6000, 0x8000, 0xA000, 0xC000, 0xF000, 0])
                 | (get(buf, at, 2) & 0xFFF))
        else:
            v = interesting(rnd, get(buf, at, size), size, img)
        put(buf, at, size, v)
        return f"inode {ino} {name}={v:#x}"
    if kind == "dirent":
        blk = rnd.choice(img.dir_blocks)
        base = blk * img.bs
        entries, pos = [], 0
        while pos + 8 <= img.bs:
            entries.append(pos)
            rec = get(buf, base + pos + 4, 2)
            if rec < 8:
                break
            pos += rec
        e = base + rnd.choice(entries)
        field = rnd.choice(["inode", "rec_len", "name_len", "file_type", "bytes"])
        if field == "inode":
            v = rnd.choice([0, 1, 2, img.ninodes, img.ninodes + 1, rnd.getrandbits(32),
                            rnd.choice(sorted(img.inodes))])
            put(buf, e, 4, v)
        elif field == "rec_len":
            v = rnd.choice([0, 1, 8, 12, 13, img.bs, img.bs + 4, 0xFFFF, rnd.getrandbits(16),
                            get(buf, e + 4, 2) + 4])
            put(buf, e + 4, 2, v)
        elif field == "name_len":
            v = rnd.choice([0, 1, 255, rnd.getrandbits(8)])
            put(buf, e + 6, 1, v)
        elif field == "file_type":
            v = rnd.getrandbits(8)
            put(buf, e + 7, 1, v)
        else:
            v = rnd.randrange(img.bs)
            for _ in range(rnd.randrange(1, 8)):
                buf[base + rnd.randrange(img.bs)] = rnd.getrandbits(8)
        return f"dirent block {blk} +{e - base} {field}={v:#x}"
    if kind == "indirect" and img.indirect:
        blk = rnd.choice(img.indirect)
        slot = rnd.randrange(min(img.bs // 4, 64)) if rnd.random() < 0.7 else rnd.randrange(img.bs // 4)
        v = rnd.choice([0, 1, blk, img.nblocks, 0xFFFFFFFF, rnd.getrandbits(32),
                        rnd.choice(img.indirect), rnd.choice(img.dir_blocks), img.gds[0][2]])
        put(buf, blk * img.bs + 4 * slot, 4, v)
        return f"indirect block {blk} slot {slot}={v:#x}"
    if kind == "bitmap":
        g = rnd.randrange(img.groups)
        which = rnd.randrange(2)
        base = img.gds[g][which] * img.bs
        how = rnd.choice(["ones", "zeros", "flips"])
        if how == "ones":
            buf[base:base + img.bs] = b"\xff" * img.bs
        elif how == "zeros":
            buf[base:base + img.bs] = bytes(img.bs)
        else:
            for _ in range(rnd.randrange(1, 40)):
                buf[base + rnd.randrange(img.bs // 8)] ^= 1 << rnd.randrange(8)
        return f"group {g} {'inode' if which else 'block'} bitmap {how}"
    # Raw bytes anywhere in the metadata at the start of the disk.
    n = rnd.randrange(1, 16)
    for _ in range(n):
        buf[rnd.randrange(1024, min(len(buf), 64 * img.bs))] = rnd.getrandbits(8)
    return f"{n} random bytes"


def corrupt(seed, pristine, img):
    """A corrupted copy of pristine (1 to 3 corruptions chosen by seed) and what was done."""
    rnd = random.Random(seed)
    buf = bytearray(pristine)
    what = [corrupt_one(rnd, buf, img) for _ in range(rnd.choice([1, 1, 2, 3]))]
    return bytes(buf), "; ".join(what)
