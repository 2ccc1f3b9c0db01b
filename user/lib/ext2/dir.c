/* Directories: entry validation, search, insertion with splitting, removal with merging. */
#include "ext2_int.h"

#define NO_PREV UINT32_MAX

int name_check(const char *name, size_t *len)
{
    size_t n = 0;
    while (n <= EXT2_NAME_MAX && name[n]) {
        if (name[n] == '/') return -EINVAL;
        n++;
    }
    if (n > EXT2_NAME_MAX) return -ENAMETOOLONG;
    if (n == 0) return -ENOENT;
    *len = n;
    return 0;
}

int dir_check(struct ext2_fs *fs, const struct ext2_inode *ip, uint32_t *nblk)
{
    if (!s_isdir(ip->i_mode)) return -ENOTDIR;
    /* Directories have no holes, so the size is bounded by the blocks they own. */
    if (ip->i_size % fs->bs || ip->i_size / 512 > ip->i_blocks || ip->i_size / fs->bs > fs->nblocks)
        return -EUCLEAN;
    *nblk = ip->i_size / fs->bs;
    return 0;
}

/* The entry at off in a directory block, checked to lie wholly inside the block. */
static int de_at(const struct ext2_fs *fs, uint8_t *data, uint32_t off, struct ext2_de **out)
{
    if (off % 4 || fs->bs - off < EXT2_DE_HDR) return -EUCLEAN;
    struct ext2_de *de = (struct ext2_de *)(data + off);
    if (de->rec_len % 4 || de->rec_len > fs->bs - off || EXT2_DE_REC(de->name_len) > de->rec_len)
        return -EUCLEAN;
    if (de->inode > fs->ninodes || (!fs->filetype && de->file_type)) return -EUCLEAN;
    *out = de;
    return 0;
}

/* Names we hand out must not hold NUL or '/'. */
static bool name_ok(const struct ext2_de *de)
{
    for (uint32_t i = 0; i < de->name_len; i++)
        if (de->name[i] == 0 || de->name[i] == '/') return false;
    return de->name_len > 0;
}

static int dir_block(struct ext2_fs *fs, struct ext2_inode *ip, uint32_t lblk, struct ext2_buf **b)
{
    uint32_t pblk;
    int rc = inode_bmap(fs, ip, lblk, false, 0, &pblk, NULL);
    if (rc) return rc;
    if (!pblk) return -EUCLEAN;
    return buf_get(fs, pblk, true, b);
}

/* Find name; on success the block stays pinned in *bp with the entry at *off. */
static int dir_search(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *ip, const char *name,
                      size_t len, struct ext2_buf **bp, uint32_t *off, uint32_t *prev)
{
    uint32_t nblk;
    int rc = inode_load(fs, dir, ip);
    if (!rc) rc = dir_check(fs, ip, &nblk);
    if (rc) return rc;
    for (uint32_t lblk = 0; lblk < nblk; lblk++) {
        struct ext2_buf *b;
        rc = dir_block(fs, ip, lblk, &b);
        if (rc) return rc;
        uint32_t p = NO_PREV;
        for (uint32_t o = 0; o < fs->bs;) {
            struct ext2_de *de;
            rc = de_at(fs, b->data, o, &de);
            if (rc) {
                buf_put(b);
                return rc;
            }
            if (de->inode && de->name_len == len && !memcmp(de->name, name, len)) {
                *bp = b;
                *off = o;
                *prev = p;
                return 0;
            }
            p = o;
            o += de->rec_len;
        }
        buf_put(b);
    }
    return -ENOENT;
}

/* After a change: new times, and a hash index (which we do not maintain) no longer holds. */
static int dir_touch(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *ip)
{
    ip->i_mtime = ip->i_ctime = fs_now(fs);
    ip->i_flags &= ~EXT2_INDEX_FL;
    return inode_store(fs, dir, ip);
}

int dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
    struct ext2_inode ip;
    struct ext2_buf *b;
    uint32_t off, prev;
    int rc = dir_search(fs, dir, &ip, name, len, &b, &off, &prev);
    if (rc) return rc;
    *ino = ((struct ext2_de *)(b->data + off))->inode;
    buf_put(b);
    return 0;
}

int dir_set(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
            uint8_t ftype)
{
    struct ext2_inode ip;
    struct ext2_buf *b;
    uint32_t off, prev;
    int rc = dir_search(fs, dir, &ip, name, len, &b, &off, &prev);
    if (rc) return rc;
    struct ext2_de *de = (struct ext2_de *)(b->data + off);
    de->inode = ino;
    de->file_type = fs->filetype ? ftype : 0;
    buf_dirty(b);
    buf_put(b);
    return dir_touch(fs, dir, &ip);
}

int dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
    struct ext2_inode ip;
    struct ext2_buf *b;
    uint32_t off, prev;
    int rc = dir_search(fs, dir, &ip, name, len, &b, &off, &prev);
    if (rc) return rc;
    struct ext2_de *de = (struct ext2_de *)(b->data + off);
    if (prev != NO_PREV)
        ((struct ext2_de *)(b->data + prev))->rec_len += de->rec_len;
    else
        de->inode = 0;
    buf_dirty(b);
    buf_put(b);
    return dir_touch(fs, dir, &ip);
}

static void de_fill(struct ext2_fs *fs, struct ext2_de *de, const char *name, size_t len,
                    uint32_t ino, uint8_t ftype)
{
    de->inode = ino;
    de->name_len = (uint8_t)len;
    de->file_type = fs->filetype ? ftype : 0;
    memcpy(de->name, name, len);
}

/* Put the entry into the first gap big enough; returns 1 when it went in. */
static int block_insert(struct ext2_fs *fs, uint8_t *data, const char *name, size_t len,
                        uint32_t ino, uint8_t ftype)
{
    uint32_t need = EXT2_DE_REC(len);
    for (uint32_t o = 0; o < fs->bs;) {
        struct ext2_de *de;
        int rc = de_at(fs, data, o, &de);
        if (rc) return rc;
        uint32_t used = de->inode ? EXT2_DE_REC(de->name_len) : 0;
        if (de->rec_len >= used + need) {
            struct ext2_de *nde = de;
            if (used) {
                nde = (struct ext2_de *)(data + o + used);
                nde->rec_len = (uint16_t)(de->rec_len - used);
                de->rec_len = (uint16_t)used;
            }
            de_fill(fs, nde, name, len, ino, ftype);
            return 1;
        }
        o += de->rec_len;
    }
    return 0;
}

int dir_add(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
            uint8_t ftype)
{
    struct ext2_inode ip;
    uint32_t nblk;
    int rc = inode_load(fs, dir, &ip);
    if (!rc) rc = dir_check(fs, &ip, &nblk);
    if (rc) return rc;
    for (uint32_t lblk = 0; lblk < nblk; lblk++) {
        struct ext2_buf *b;
        rc = dir_block(fs, &ip, lblk, &b);
        if (rc) return rc;
        rc = block_insert(fs, b->data, name, len, ino, ftype);
        if (rc > 0) buf_dirty(b);
        buf_put(b);
        if (rc > 0) return dir_touch(fs, dir, &ip);
        if (rc < 0) return rc;
    }

    /* No room: append a block holding just this entry. */
    if ((uint64_t)ip.i_size + fs->bs > UINT32_MAX) return -EFBIG;
    uint32_t goal = group_first_block(fs, (dir - 1) / fs->ipg), pblk;
    if (nblk && !inode_bmap(fs, &ip, nblk - 1, false, 0, &pblk, NULL) && pblk) goal = pblk + 1;
    rc = inode_bmap(fs, &ip, nblk, true, goal, &pblk, NULL);
    if (rc) return rc;
    struct ext2_buf *b;
    rc = buf_get(fs, pblk, false, &b);
    if (rc) {
        inode_trunc_blocks(fs, &ip, nblk);
        inode_store(fs, dir, &ip);
        return rc;
    }
    struct ext2_de *de = (struct ext2_de *)b->data;
    de->rec_len = (uint16_t)fs->bs;
    de_fill(fs, de, name, len, ino, ftype);
    buf_dirty(b);
    buf_put(b);
    ip.i_size += fs->bs;
    return dir_touch(fs, dir, &ip);
}

int dir_is_empty(struct ext2_fs *fs, uint32_t dir)
{
    struct ext2_inode ip;
    uint32_t nblk;
    int rc = inode_load(fs, dir, &ip);
    if (!rc) rc = dir_check(fs, &ip, &nblk);
    if (rc) return rc;
    for (uint32_t lblk = 0; lblk < nblk; lblk++) {
        struct ext2_buf *b;
        rc = dir_block(fs, &ip, lblk, &b);
        if (rc) return rc;
        for (uint32_t o = 0; o < fs->bs;) {
            struct ext2_de *de;
            rc = de_at(fs, b->data, o, &de);
            if (rc) {
                buf_put(b);
                return rc;
            }
            bool dot = de->name_len == 1 && de->name[0] == '.';
            bool dotdot = de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.';
            if (de->inode && !dot && !dotdot) {
                buf_put(b);
                return 0;
            }
            o += de->rec_len;
        }
        buf_put(b);
    }
    return 1;
}

int dir_init_block(struct ext2_fs *fs, uint32_t blk, uint32_t self, uint32_t parent)
{
    struct ext2_buf *b;
    int rc = buf_get(fs, blk, false, &b);
    if (rc) return rc;
    struct ext2_de *dot = (struct ext2_de *)b->data;
    dot->rec_len = (uint16_t)EXT2_DE_REC(1);
    de_fill(fs, dot, ".", 1, self, EXT2_FT_DIR);
    struct ext2_de *dotdot = (struct ext2_de *)(b->data + dot->rec_len);
    dotdot->rec_len = (uint16_t)(fs->bs - dot->rec_len);
    de_fill(fs, dotdot, "..", 2, parent, EXT2_FT_DIR);
    buf_dirty(b);
    buf_put(b);
    return 0;
}

int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t *ino)
{
    size_t len;
    int rc = name_check(name, &len);
    if (rc) return rc;
    return dir_find(fs, dir, name, len, ino);
}

int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *pos, struct ext2_dirent *out)
{
    struct ext2_inode ip;
    uint32_t nblk;
    int rc = inode_load(fs, dir, &ip);
    if (!rc) rc = dir_check(fs, &ip, &nblk);
    if (rc) return rc;
    while (*pos < (uint64_t)nblk * fs->bs) {
        uint32_t lblk = (uint32_t)(*pos / fs->bs), start = (uint32_t)(*pos % fs->bs);
        struct ext2_buf *b;
        rc = dir_block(fs, &ip, lblk, &b);
        if (rc) return rc;
        /* Walk from the block start so a stale cursor lands on an entry boundary. */
        for (uint32_t o = 0; o < fs->bs;) {
            struct ext2_de *de;
            rc = de_at(fs, b->data, o, &de);
            if (rc) {
                buf_put(b);
                return rc;
            }
            if (o >= start && de->inode) {
                if (!name_ok(de)) {
                    buf_put(b);
                    return -EUCLEAN;
                }
                out->ino = de->inode;
                out->name_len = de->name_len;
                memcpy(out->name, de->name, de->name_len);
                out->name[de->name_len] = 0;
                out->type = fs->filetype && de->file_type <= EXT2_FT_SYMLINK ? de->file_type
                                                                             : EXT2_FT_UNKNOWN;
                *pos = (uint64_t)lblk * fs->bs + o + de->rec_len;
                buf_put(b);
                if (out->type == EXT2_FT_UNKNOWN) {
                    struct ext2_inode eip;
                    if (!inode_load(fs, out->ino, &eip)) out->type = inode_ftype(&eip);
                }
                return 1;
            }
            o += de->rec_len;
        }
        buf_put(b);
        *pos = (uint64_t)(lblk + 1) * fs->bs;
    }
    return 0;
}
