/* Inodes: loading and storing, the block map (direct and 1-3 indirect levels), freeing. */
#include "ext2_int.h"

static int inode_loc(struct ext2_fs *fs, uint32_t ino, uint32_t *blk, uint32_t *off)
{
    if (ino == 0 || ino > fs->ninodes) return -EINVAL;
    uint32_t g = (ino - 1) / fs->ipg, idx = (ino - 1) % fs->ipg;
    struct ext2_buf *b;
    struct ext2_gd *gd;
    int rc = gd_get(fs, g, &b, &gd);
    if (rc) return rc;
    uint32_t it = gd->bg_inode_table;
    buf_put(b);
    if (it <= fs->first_data || it >= fs->nblocks || fs->nblocks - it < fs->itb) return -EUCLEAN;
    uint64_t byte = (uint64_t)idx * fs->isz;
    *blk = it + (uint32_t)(byte / fs->bs);
    *off = (uint32_t)(byte % fs->bs);
    return 0;
}

int inode_load(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip)
{
    uint32_t blk, off;
    struct ext2_buf *b;
    int rc = inode_loc(fs, ino, &blk, &off);
    if (!rc) rc = buf_get(fs, blk, true, &b);
    if (rc) return rc;
    memcpy(ip, b->data + off, sizeof *ip);
    buf_put(b);
    return 0;
}

int inode_store(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *ip)
{
    uint32_t blk, off;
    struct ext2_buf *b;
    int rc = inode_loc(fs, ino, &blk, &off);
    if (!rc) rc = buf_get(fs, blk, true, &b);
    if (rc) return rc;
    memcpy(b->data + off, ip, sizeof *ip);
    buf_dirty(b);
    buf_put(b);
    return 0;
}

int inode_create(struct ext2_fs *fs, uint32_t ino, uint32_t mode, uint32_t uid, uint32_t gid,
                 struct ext2_inode *ip)
{
    uint32_t blk, off, now = fs_now(fs);
    struct ext2_buf *b;
    int rc = inode_loc(fs, ino, &blk, &off);
    if (!rc) rc = buf_get(fs, blk, true, &b);
    if (rc) return rc;
    memset(ip, 0, sizeof *ip);
    ip->i_mode = (uint16_t)mode;
    ip->i_uid = (uint16_t)uid;
    ip->i_uid_high = (uint16_t)(uid >> 16);
    ip->i_gid = (uint16_t)gid;
    ip->i_gid_high = (uint16_t)(gid >> 16);
    ip->i_atime = ip->i_ctime = ip->i_mtime = now;
    ip->i_generation = fs->generation++;
    uint8_t *raw = b->data + off;
    memset(raw, 0, fs->isz);
    memcpy(raw, ip, sizeof *ip);
    if (fs->isz >= 256) {
        /* Large inodes: i_extra_isize covers the extended times; i_crtime is creation. */
        uint16_t extra = 32;
        memcpy(raw + 128, &extra, sizeof extra);
        memcpy(raw + 144, &now, sizeof now);
    }
    buf_dirty(b);
    buf_put(b);
    return 0;
}

uint64_t inode_size(const struct ext2_inode *ip)
{
    uint64_t hi = s_isreg(ip->i_mode) ? ip->i_size_high : 0;
    return hi << 32 | ip->i_size;
}

void inode_set_size(struct ext2_inode *ip, uint64_t size)
{
    ip->i_size = (uint32_t)size;
    if (s_isreg(ip->i_mode)) ip->i_size_high = (uint32_t)(size >> 32);
}

bool inode_has_blocks(const struct ext2_fs *fs, const struct ext2_inode *ip)
{
    if (s_isreg(ip->i_mode) || s_isdir(ip->i_mode)) return true;
    /* A fast symlink keeps its target in i_block and owns no block but its xattr block. */
    return s_islnk(ip->i_mode) && ip->i_blocks != (ip->i_file_acl ? fs->spb : 0);
}

uint8_t inode_ftype(const struct ext2_inode *ip)
{
    switch (ip->i_mode & EXT2_S_IFMT) {
    case EXT2_S_IFREG:
        return EXT2_FT_REG;
    case EXT2_S_IFDIR:
        return EXT2_FT_DIR;
    case EXT2_S_IFCHR:
        return EXT2_FT_CHRDEV;
    case EXT2_S_IFBLK:
        return EXT2_FT_BLKDEV;
    case EXT2_S_IFIFO:
        return EXT2_FT_FIFO;
    case EXT2_S_IFSOCK:
        return EXT2_FT_SOCK;
    case EXT2_S_IFLNK:
        return EXT2_FT_SYMLINK;
    default:
        return EXT2_FT_UNKNOWN;
    }
}

/* Slots on the path to lblk: idx[0] in i_block, idx[1..depth] in indirect blocks. */
static int bmap_path(const struct ext2_fs *fs, uint64_t lblk, uint32_t idx[4], unsigned *depth)
{
    uint64_t p = fs->ptrs;
    if (lblk < EXT2_NDIR) {
        idx[0] = (uint32_t)lblk;
        *depth = 0;
        return 0;
    }
    lblk -= EXT2_NDIR;
    if (lblk < p) {
        idx[0] = EXT2_IND;
        idx[1] = (uint32_t)lblk;
        *depth = 1;
        return 0;
    }
    lblk -= p;
    if (lblk < p * p) {
        idx[0] = EXT2_DIND;
        idx[1] = (uint32_t)(lblk / p);
        idx[2] = (uint32_t)(lblk % p);
        *depth = 2;
        return 0;
    }
    lblk -= p * p;
    if (lblk < p * p * p) {
        idx[0] = EXT2_TIND;
        idx[1] = (uint32_t)(lblk / (p * p));
        idx[2] = (uint32_t)(lblk / p % p);
        idx[3] = (uint32_t)(lblk % p);
        *depth = 3;
        return 0;
    }
    return -EFBIG;
}

int inode_bmap(struct ext2_fs *fs, struct ext2_inode *ip, uint64_t lblk, bool alloc, uint32_t goal,
               uint32_t *pblk, bool *fresh)
{
    uint32_t idx[4];
    unsigned depth, level = 0;
    int rc = bmap_path(fs, lblk, idx, &depth);
    if (rc) return rc;
    if (fresh) *fresh = false;
    struct ext2_buf *parent = NULL;
    uint32_t blk = ip->i_block[idx[0]];
    while (blk && level < depth) {
        struct ext2_buf *b;
        rc = blk_valid(fs, blk) ? buf_get(fs, blk, true, &b) : -EUCLEAN;
        buf_put(parent);
        if (rc) return rc;
        parent = b;
        level++;
        blk = ((const uint32_t *)b->data)[idx[level]];
    }
    if (blk || !alloc) {
        buf_put(parent);
        if (blk && !blk_valid(fs, blk)) return -EUCLEAN;
        *pblk = blk;
        return 0;
    }

    /* Allocate the missing indirect blocks and the data block, all or nothing. */
    uint32_t need = depth - level + 1, nb[4];
    if ((uint64_t)ip->i_blocks + (uint64_t)need * fs->spb > UINT32_MAX) {
        buf_put(parent);
        return -EFBIG;
    }
    for (uint32_t i = 0; i < need; i++) {
        rc = block_alloc(fs, i ? nb[i - 1] + 1 : goal, &nb[i]);
        if (rc) {
            while (i--)
                block_free(fs, nb[i]);
            buf_put(parent);
            return rc;
        }
    }
    for (uint32_t i = 0; i + 1 < need; i++) {
        struct ext2_buf *b;
        rc = buf_get(fs, nb[i], false, &b);
        if (rc) {
            for (uint32_t j = 0; j < need; j++)
                block_free(fs, nb[j]);
            buf_put(parent);
            return rc;
        }
        ((uint32_t *)b->data)[idx[level + 1 + i]] = nb[i + 1];
        buf_dirty(b);
        buf_put(b);
    }
    if (parent) {
        ((uint32_t *)parent->data)[idx[level]] = nb[0];
        buf_dirty(parent);
        buf_put(parent);
    } else {
        ip->i_block[idx[0]] = nb[0];
    }
    ip->i_blocks += need * fs->spb;
    *pblk = nb[need - 1];
    if (fresh) *fresh = true;
    return 0;
}

/*
 * Free the blocks of the subtree in *slot (depth levels of indirection, first logical block
 * base) that lie at or after logical block first. parent is the buffer holding slot, if any.
 */
static int trunc_tree(struct ext2_fs *fs, struct ext2_inode *ip, uint32_t *slot,
                      struct ext2_buf *parent, unsigned depth, uint64_t base, uint64_t first)
{
    uint32_t blk = *slot;
    if (!blk) return 0;
    if (!blk_valid(fs, blk)) return -EUCLEAN;
    uint64_t sub = 1;
    for (unsigned d = 0; d < depth; d++)
        sub *= fs->ptrs;
    if (base + sub <= first) return 0;
    if (depth > 0) {
        struct ext2_buf *b;
        int rc = buf_get(fs, blk, true, &b);
        if (rc) return rc;
        sub /= fs->ptrs;
        for (uint32_t i = 0; i < fs->ptrs; i++) {
            uint64_t cb = base + i * sub;
            if (cb + sub <= first) continue;
            rc = trunc_tree(fs, ip, &((uint32_t *)b->data)[i], b, depth - 1, cb, first);
            if (rc) {
                buf_put(b);
                return rc;
            }
        }
        buf_put(b);
        if (base < first) return 0;
    }
    if (ip->i_blocks < fs->spb) return -EUCLEAN;
    int rc = block_free(fs, blk);
    if (rc) return rc;
    *slot = 0;
    if (parent) buf_dirty(parent);
    ip->i_blocks -= fs->spb;
    return 0;
}

int inode_trunc_blocks(struct ext2_fs *fs, struct ext2_inode *ip, uint64_t first)
{
    uint64_t p = fs->ptrs;
    for (uint32_t k = 0; k < EXT2_NDIR; k++) {
        int rc = trunc_tree(fs, ip, &ip->i_block[k], NULL, 0, k, first);
        if (rc) return rc;
    }
    int rc = trunc_tree(fs, ip, &ip->i_block[EXT2_IND], NULL, 1, EXT2_NDIR, first);
    if (!rc) rc = trunc_tree(fs, ip, &ip->i_block[EXT2_DIND], NULL, 2, EXT2_NDIR + p, first);
    if (!rc)
        rc = trunc_tree(fs, ip, &ip->i_block[EXT2_TIND], NULL, 3, EXT2_NDIR + p + p * p, first);
    return rc;
}

/* Drop this inode's reference to its extended attribute block. */
static int xattr_drop(struct ext2_fs *fs, struct ext2_inode *ip)
{
    uint32_t blk = ip->i_file_acl;
    struct ext2_buf *b;
    if (!blk_valid(fs, blk) || ip->i_blocks < fs->spb) return -EUCLEAN;
    int rc = buf_get(fs, blk, true, &b);
    if (rc) return rc;
    uint32_t hdr[2];
    memcpy(hdr, b->data, sizeof hdr);
    if (hdr[0] != EXT2_XATTR_MAGIC || hdr[1] == 0) {
        buf_put(b);
        return -EUCLEAN;
    }
    if (hdr[1] > 1) {
        hdr[1]--;
        memcpy(b->data + 4, &hdr[1], sizeof hdr[1]);
        buf_dirty(b);
        buf_put(b);
    } else {
        buf_put(b);
        rc = block_free(fs, blk);
        if (rc) return rc;
    }
    ip->i_file_acl = 0;
    ip->i_blocks -= fs->spb;
    return 0;
}

int inode_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip)
{
    int rc = 0;
    bool dir = s_isdir(ip->i_mode);
    if (inode_has_blocks(fs, ip)) rc = inode_trunc_blocks(fs, ip, 0);
    if (!rc && ip->i_file_acl) rc = xattr_drop(fs, ip);
    ip->i_links_count = 0;
    ip->i_dtime = fs_now(fs);
    if (!rc) inode_set_size(ip, 0);
    int r = inode_store(fs, ino, ip);
    if (rc || r) return rc ? rc : r;
    return inode_free(fs, ino, dir);
}

int inode_add_links(struct ext2_fs *fs, uint32_t ino, int delta)
{
    struct ext2_inode ip;
    int rc = inode_load(fs, ino, &ip);
    if (rc) return rc;
    int32_t n = (int32_t)ip.i_links_count + delta;
    if (n < 1 || n > (int32_t)EXT2_LINK_MAX) return -EUCLEAN;
    ip.i_links_count = (uint16_t)n;
    ip.i_ctime = fs_now(fs);
    return inode_store(fs, ino, &ip);
}
