/* Block and inode allocation over the group bitmaps; group and superblock counts stay exact. */
#include "ext2_int.h"

uint32_t group_first_block(const struct ext2_fs *fs, uint32_t g)
{
    return fs->first_data + g * fs->bpg;
}

static uint32_t group_nblocks(const struct ext2_fs *fs, uint32_t g)
{
    uint32_t start = group_first_block(fs, g);
    return fs->nblocks - start < fs->bpg ? fs->nblocks - start : fs->bpg;
}

int gd_get(struct ext2_fs *fs, uint32_t g, struct ext2_buf **b, struct ext2_gd **gd)
{
    uint32_t per = fs->bs / sizeof(struct ext2_gd);
    if (g >= fs->groups) return -EUCLEAN;
    int rc = buf_get(fs, fs->gdt_start + g / per, true, b);
    if (rc) return rc;
    *gd = (struct ext2_gd *)((*b)->data + (g % per) * sizeof(struct ext2_gd));
    return 0;
}

/* First clear bit in [from, to) of a bitmap, or to. */
static uint32_t bit_find_zero(const uint8_t *map, uint32_t from, uint32_t to)
{
    uint32_t i = from;
    while (i < to) {
        if (i % 8 == 0 && map[i / 8] == 0xff) {
            i += 8;
            continue;
        }
        if (!(map[i / 8] & (1u << (i % 8)))) return i;
        i++;
    }
    return to;
}

static bool bit_test(const uint8_t *map, uint32_t i)
{
    return map[i / 8] & (1u << (i % 8));
}

static void bit_flip(uint8_t *map, uint32_t i)
{
    map[i / 8] ^= (uint8_t)(1u << (i % 8));
}

/* True when blk is one of group g's bitmaps or inode table blocks. */
static bool group_meta(const struct ext2_fs *fs, const struct ext2_gd *gd, uint32_t blk)
{
    uint32_t it = gd->bg_inode_table;
    return blk == gd->bg_block_bitmap || blk == gd->bg_inode_bitmap ||
           (blk >= it && blk - it < fs->itb);
}

/* Bitmap block of a group, refusing pointers that left the group's block range. */
static int bitmap_get(struct ext2_fs *fs, uint32_t g, uint32_t blk, struct ext2_buf **b)
{
    uint32_t start = group_first_block(fs, g);
    if (blk < start || blk - start >= group_nblocks(fs, g)) return -EUCLEAN;
    return buf_get(fs, blk, true, b);
}

int block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk)
{
    if (fs->sb.s_free_blocks_count == 0) return -ENOSPC;
    if (goal <= fs->first_data || goal >= fs->nblocks) goal = fs->first_data;
    uint32_t g0 = (goal - fs->first_data) / fs->bpg;
    for (uint32_t k = 0; k < fs->groups; k++) {
        uint32_t g = (g0 + k) % fs->groups;
        struct ext2_buf *gb, *mb;
        struct ext2_gd *gd;
        int rc = gd_get(fs, g, &gb, &gd);
        if (rc) return rc;
        if (gd->bg_free_blocks_count == 0) {
            buf_put(gb);
            continue;
        }
        rc = bitmap_get(fs, g, gd->bg_block_bitmap, &mb);
        if (rc) {
            buf_put(gb);
            return rc;
        }
        uint32_t n = group_nblocks(fs, g);
        uint32_t from = k == 0 ? (goal - fs->first_data) % fs->bpg : 0;
        uint32_t bit = from < n ? bit_find_zero(mb->data, from, n) : n;
        if (bit == n && from > 0) {
            uint32_t low = bit_find_zero(mb->data, 0, from);
            bit = low < from ? low : n;
        }
        if (bit >= n) {
            /* The descriptor promised a free block the bitmap does not have. */
            buf_put(mb);
            buf_put(gb);
            return -EUCLEAN;
        }
        uint32_t b = group_first_block(fs, g) + bit;
        if (group_meta(fs, gd, b) || b <= fs->first_data) {
            buf_put(mb);
            buf_put(gb);
            return -EUCLEAN;
        }
        bit_flip(mb->data, bit);
        buf_dirty(mb);
        gd->bg_free_blocks_count--;
        buf_dirty(gb);
        fs->sb.s_free_blocks_count--;
        buf_put(mb);
        buf_put(gb);
        *blk = b;
        return 0;
    }
    return -ENOSPC;
}

int block_free(struct ext2_fs *fs, uint32_t blk)
{
    if (!blk_valid(fs, blk)) return -EUCLEAN;
    uint32_t g = (blk - fs->first_data) / fs->bpg;
    uint32_t bit = (blk - fs->first_data) % fs->bpg;
    struct ext2_buf *gb, *mb;
    struct ext2_gd *gd;
    int rc = gd_get(fs, g, &gb, &gd);
    if (rc) return rc;
    rc = bitmap_get(fs, g, gd->bg_block_bitmap, &mb);
    if (rc) {
        buf_put(gb);
        return rc;
    }
    /* Freeing a free block or a metadata block means a corrupted block pointer. */
    if (!bit_test(mb->data, bit) || group_meta(fs, gd, blk) ||
        gd->bg_free_blocks_count >= group_nblocks(fs, g) ||
        fs->sb.s_free_blocks_count >= fs->nblocks) {
        rc = -EUCLEAN;
    } else {
        bit_flip(mb->data, bit);
        buf_dirty(mb);
        gd->bg_free_blocks_count++;
        buf_dirty(gb);
        fs->sb.s_free_blocks_count++;
    }
    buf_put(mb);
    buf_put(gb);
    return rc;
}

/* Group for a new inode: directories spread to the emptiest group, files stay near. */
static uint32_t inode_group(struct ext2_fs *fs, uint32_t parent, bool dir)
{
    uint32_t pg = (parent - 1) / fs->ipg % fs->groups;
    if (!dir) return pg;
    uint32_t best = pg, best_free = 0;
    for (uint32_t g = 0; g < fs->groups; g++) {
        struct ext2_buf *b;
        struct ext2_gd *gd;
        if (gd_get(fs, g, &b, &gd)) return pg;
        uint32_t f = gd->bg_free_blocks_count ? gd->bg_free_inodes_count : 0;
        buf_put(b);
        if (f > best_free) {
            best = g;
            best_free = f;
        }
    }
    return best;
}

int inode_alloc(struct ext2_fs *fs, uint32_t parent, bool dir, uint32_t *ino)
{
    if (fs->sb.s_free_inodes_count == 0) return -ENOSPC;
    uint32_t g0 = inode_group(fs, parent, dir);
    for (uint32_t k = 0; k < fs->groups; k++) {
        uint32_t g = (g0 + k) % fs->groups;
        struct ext2_buf *gb, *mb;
        struct ext2_gd *gd;
        int rc = gd_get(fs, g, &gb, &gd);
        if (rc) return rc;
        if (gd->bg_free_inodes_count == 0) {
            buf_put(gb);
            continue;
        }
        rc = bitmap_get(fs, g, gd->bg_inode_bitmap, &mb);
        if (rc) {
            buf_put(gb);
            return rc;
        }
        uint32_t from = g == 0 ? fs->first_ino - 1 : 0;
        uint32_t bit = from < fs->ipg ? bit_find_zero(mb->data, from, fs->ipg) : fs->ipg;
        if (bit >= fs->ipg || (dir && gd->bg_used_dirs_count >= fs->ipg)) {
            buf_put(mb);
            buf_put(gb);
            return -EUCLEAN;
        }
        bit_flip(mb->data, bit);
        buf_dirty(mb);
        gd->bg_free_inodes_count--;
        if (dir) gd->bg_used_dirs_count++;
        buf_dirty(gb);
        fs->sb.s_free_inodes_count--;
        buf_put(mb);
        buf_put(gb);
        *ino = g * fs->ipg + bit + 1;
        return 0;
    }
    return -ENOSPC;
}

int inode_free(struct ext2_fs *fs, uint32_t ino, bool dir)
{
    if (ino < fs->first_ino || ino > fs->ninodes) return -EUCLEAN;
    uint32_t g = (ino - 1) / fs->ipg, bit = (ino - 1) % fs->ipg;
    struct ext2_buf *gb, *mb;
    struct ext2_gd *gd;
    int rc = gd_get(fs, g, &gb, &gd);
    if (rc) return rc;
    rc = bitmap_get(fs, g, gd->bg_inode_bitmap, &mb);
    if (rc) {
        buf_put(gb);
        return rc;
    }
    if (!bit_test(mb->data, bit) || gd->bg_free_inodes_count >= fs->ipg ||
        (dir && gd->bg_used_dirs_count == 0) || fs->sb.s_free_inodes_count >= fs->ninodes) {
        rc = -EUCLEAN;
    } else {
        bit_flip(mb->data, bit);
        buf_dirty(mb);
        gd->bg_free_inodes_count++;
        if (dir) gd->bg_used_dirs_count--;
        buf_dirty(gb);
        fs->sb.s_free_inodes_count++;
    }
    buf_put(mb);
    buf_put(gb);
    return rc;
}
