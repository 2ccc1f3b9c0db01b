/* Mount, unmount and sync: superblock and group descriptor validation. */
#include "ext2_int.h"

#define EXT2_DEFAULT_CACHE 64u
#define EXT2_MIN_CACHE 8u

uint32_t fs_now(struct ext2_fs *fs)
{
    return fs->dev.now ? fs->dev.now(fs->dev.ctx) : 0;
}

int fs_write_super(struct ext2_fs *fs)
{
    if (fs->dev.write(fs->dev.ctx, EXT2_SB_OFFSET, &fs->sb, sizeof fs->sb) != 0) return -EIO;
    return 0;
}

#define bad fs_bad

int fs_bad(const struct ext2_fs *fs, int rc, const char *why)
{
    if (fs->dev.log) fs->dev.log(fs->dev.ctx, why);
    return rc;
}

static bool is_pow(uint32_t n, uint32_t base)
{
    while (n > 1 && n % base == 0)
        n /= base;
    return n == 1;
}

/* Blocks at the start of group g taken by a superblock copy, its descriptors and reserve. */
static uint32_t group_super_len(const struct ext2_fs *fs, uint32_t g)
{
    uint32_t len = 1 + fs->gdt_blocks + fs->gdt_reserved;
    if (g == 0 || fs->sb.s_rev_level < EXT2_DYNAMIC_REV) return len;
    if (fs->sb.s_feature_compat & EXT2_COMPAT_SPARSE_SUPER2) {
        uint32_t bgs[2];
        memcpy(bgs, (const uint8_t *)&fs->sb + EXT2_SB_BACKUP_BGS, sizeof bgs);
        return g == bgs[0] || g == bgs[1] ? len : 0;
    }
    if ((fs->sb.s_feature_ro_compat & EXT2_RO_COMPAT_SPARSE_SUPER) && g > 1 && !is_pow(g, 3) &&
        !is_pow(g, 5) && !is_pow(g, 7))
        return 0;
    return len;
}

/* Derive the geometry from the superblock, refusing anything inconsistent. */
static int super_parse(struct ext2_fs *fs, uint64_t dev_size)
{
    const struct ext2_super *sb = &fs->sb;
    if (sb->s_magic != EXT2_MAGIC) return bad(fs, -EINVAL, "no ext2 magic number");
    if (sb->s_rev_level > EXT2_DYNAMIC_REV) return bad(fs, -EINVAL, "unknown revision level");
    if (sb->s_log_block_size > 2) return bad(fs, -EINVAL, "block size above 4 KiB");
    fs->bs = 1024u << sb->s_log_block_size;
    fs->ptrs = fs->bs / 4;
    fs->spb = fs->bs / 512;
    fs->nblocks = sb->s_blocks_count;
    fs->ninodes = sb->s_inodes_count;
    fs->first_data = sb->s_first_data_block;
    fs->bpg = sb->s_blocks_per_group;
    fs->ipg = sb->s_inodes_per_group;
    if (sb->s_rev_level == EXT2_GOOD_OLD_REV) {
        fs->isz = EXT2_GOOD_OLD_INODE_SIZE;
        fs->first_ino = EXT2_GOOD_OLD_FIRST_INO;
    } else {
        fs->isz = sb->s_inode_size;
        fs->first_ino = sb->s_first_ino;
        if (sb->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED)
            return bad(fs, -ENOTSUP, "unsupported incompatible features");
        fs->filetype = sb->s_feature_incompat & EXT2_INCOMPAT_FILETYPE;
        fs->large_file = sb->s_feature_ro_compat & EXT2_RO_COMPAT_LARGE_FILE;
        if (sb->s_feature_compat & EXT2_COMPAT_RESIZE_INODE)
            fs->gdt_reserved = sb->s_reserved_gdt_blocks;
    }
    if (fs->isz < EXT2_GOOD_OLD_INODE_SIZE || fs->isz > fs->bs || (fs->isz & (fs->isz - 1)))
        return bad(fs, -EINVAL, "bad inode size");
    if (fs->first_data != (fs->bs == 1024 ? 1u : 0u))
        return bad(fs, -EINVAL, "bad first data block");
    if (fs->bpg == 0 || fs->bpg > 8 * fs->bs || fs->bpg % 8)
        return bad(fs, -EINVAL, "bad blocks per group");
    if (fs->ipg == 0 || fs->ipg > 8 * fs->bs) return bad(fs, -EINVAL, "bad inodes per group");
    if (fs->nblocks <= fs->first_data + 1 || (uint64_t)fs->nblocks * fs->bs > dev_size)
        return bad(fs, -EINVAL, "block count does not fit the device");
    fs->groups = (fs->nblocks - fs->first_data + fs->bpg - 1) / fs->bpg;
    if ((uint64_t)fs->groups * fs->ipg != fs->ninodes)
        return bad(fs, -EINVAL, "inode count does not match the groups");
    if (fs->first_ino < EXT2_GOOD_OLD_FIRST_INO || fs->first_ino > fs->ninodes)
        return bad(fs, -EINVAL, "bad first inode");
    if (sb->s_free_blocks_count > fs->nblocks || sb->s_free_inodes_count > fs->ninodes)
        return bad(fs, -EINVAL, "free counts above the totals");
    fs->itb = (uint32_t)(((uint64_t)fs->ipg * fs->isz + fs->bs - 1) / fs->bs);
    fs->gdt_start = fs->first_data + 1;
    fs->gdt_blocks = (fs->groups + fs->bs / 32 - 1) / (fs->bs / 32);
    if (fs->gdt_reserved > fs->bs / 4 || fs->gdt_start + fs->gdt_blocks > fs->nblocks)
        return bad(fs, -EINVAL, "group descriptors do not fit");

    uint64_t tree = EXT2_NDIR + (uint64_t)fs->ptrs + (uint64_t)fs->ptrs * fs->ptrs +
                    (uint64_t)fs->ptrs * fs->ptrs * fs->ptrs;
    fs->max_size = tree * fs->bs;
    /* i_blocks counts 512-byte units in 32 bits, indirect blocks included. */
    if (fs->max_size > (1ull << 41) - 2 * (uint64_t)fs->bs * fs->ptrs)
        fs->max_size = (1ull << 41) - 2 * (uint64_t)fs->bs * fs->ptrs;
    if (!fs->large_file) fs->max_size = 0x7fffffffu;
    return 0;
}

static bool in_range(uint32_t b, uint32_t lo, uint32_t hi)
{
    return b >= lo && b < hi;
}

/* Check every group descriptor and sum the free counts into the superblock. */
static int groups_check(struct ext2_fs *fs)
{
    uint64_t free_blocks = 0, free_inodes = 0;
    for (uint32_t g = 0; g < fs->groups; g++) {
        struct ext2_buf *b;
        struct ext2_gd *gd;
        int rc = gd_get(fs, g, &b, &gd);
        if (rc) return bad(fs, rc, "cannot read the group descriptors");
        uint32_t start = group_first_block(fs, g);
        uint32_t end = fs->nblocks - start < fs->bpg ? fs->nblocks : start + fs->bpg;
        uint32_t meta = start + group_super_len(fs, g);
        uint32_t it = gd->bg_inode_table;
        bool ok = in_range(gd->bg_block_bitmap, meta, end) &&
                  in_range(gd->bg_inode_bitmap, meta, end) &&
                  gd->bg_block_bitmap != gd->bg_inode_bitmap && it >= meta && it <= end &&
                  end - it >= fs->itb && !in_range(gd->bg_block_bitmap, it, it + fs->itb) &&
                  !in_range(gd->bg_inode_bitmap, it, it + fs->itb) &&
                  gd->bg_free_blocks_count <= end - start && gd->bg_free_inodes_count <= fs->ipg &&
                  gd->bg_used_dirs_count <= fs->ipg;
        free_blocks += gd->bg_free_blocks_count;
        free_inodes += gd->bg_free_inodes_count;
        buf_put(b);
        if (!ok) return bad(fs, -EUCLEAN, "bad group descriptor");
    }
    if (free_blocks > fs->nblocks || free_inodes > fs->ninodes)
        return bad(fs, -EUCLEAN, "group free counts above the totals");
    fs->sb.s_free_blocks_count = (uint32_t)free_blocks;
    fs->sb.s_free_inodes_count = (uint32_t)free_inodes;
    return 0;
}

int ext2_mount(const struct ext2_dev *dev, unsigned flags, struct ext2_fs **out)
{
    if (!dev || !dev->read || !dev->alloc || !dev->free || !out) return -EINVAL;
    struct ext2_fs g;
    memset(&g, 0, sizeof g);
    g.dev = *dev;
    if (dev->size < EXT2_SB_OFFSET + sizeof g.sb) return -EINVAL;
    if (dev->read(dev->ctx, EXT2_SB_OFFSET, &g.sb, sizeof g.sb) != 0)
        return bad(&g, -EIO, "cannot read the superblock");
    int rc = super_parse(&g, dev->size);
    if (rc) return rc;
    g.ro = (flags & EXT2_MOUNT_RO) || !dev->write ||
           (g.sb.s_rev_level >= EXT2_DYNAMIC_REV &&
            (g.sb.s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPPORTED));
    g.ncache = dev->cache_blocks ? dev->cache_blocks : EXT2_DEFAULT_CACHE;
    if (g.ncache < EXT2_MIN_CACHE) g.ncache = EXT2_MIN_CACHE;

    size_t head = (sizeof g + 63) & ~(size_t)63;
    uint8_t *mem = dev->alloc(dev->ctx, head + cache_bytes(g.ncache, g.bs));
    if (!mem) return bad(&g, -ENOMEM, "no memory for the block cache");
    struct ext2_fs *fs = (struct ext2_fs *)mem;
    *fs = g;
    cache_init(fs, mem + head);

    rc = groups_check(fs);
    struct ext2_inode root;
    if (!rc && (rc = inode_load(fs, EXT2_ROOT_INO, &root)) != 0)
        bad(fs, rc, "cannot read the root inode");
    else if (!rc && (!s_isdir(root.i_mode) || root.i_links_count < 2))
        rc = bad(fs, -EUCLEAN, "the root inode is not a live directory");
    if (rc) goto fail;
    fs->mount_state = fs->sb.s_state;
    fs->generation = fs_now(fs);
    if (!fs->ro) {
        /* Not clean while mounted: a crash leaves the file system marked for checking. */
        fs->sb.s_state &= (uint16_t)~EXT2_STATE_VALID;
        fs->sb.s_mnt_count++;
        fs->sb.s_mtime = fs->sb.s_wtime = fs_now(fs);
        rc = fs_write_super(fs);
        if (rc) {
            bad(fs, rc, "cannot write the superblock");
            goto fail;
        }
    }
    *out = fs;
    return 0;
fail:
    dev->free(dev->ctx, mem);
    return rc;
}

int ext2_sync(struct ext2_fs *fs)
{
    if (fs->ro) return 0;
    int rc = cache_flush(fs);
    fs->sb.s_wtime = fs_now(fs);
    int r = fs_write_super(fs);
    return rc ? rc : r;
}

int ext2_unmount(struct ext2_fs *fs)
{
    int rc = 0;
    if (!fs->ro) {
        rc = cache_flush(fs);
        if (!rc) fs->sb.s_state = fs->mount_state;
        fs->sb.s_wtime = fs_now(fs);
        int r = fs_write_super(fs);
        if (!rc) rc = r;
    }
    fs->dev.free(fs->dev.ctx, fs);
    return rc;
}

int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
    st->block_size = fs->bs;
    st->blocks = fs->nblocks;
    st->free_blocks = fs->sb.s_free_blocks_count;
    st->inodes = fs->ninodes;
    st->free_inodes = fs->sb.s_free_inodes_count;
    st->read_only = fs->ro;
    return 0;
}
