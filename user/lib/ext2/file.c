/* File contents and attributes: read, write, truncate, stat, chmod/chown/utimes, readlink. */
#include "ext2_int.h"

static size_t min_sz(uint64_t a, uint64_t b)
{
    return (size_t)(a < b ? a : b);
}

int ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t n, size_t *got)
{
    struct ext2_inode ip;
    *got = 0;
    int rc = inode_load(fs, ino, &ip);
    if (rc) return rc;
    if (s_isdir(ip.i_mode)) return -EISDIR;
    if (!s_isreg(ip.i_mode)) return -EINVAL;
    uint64_t size = inode_size(&ip);
    if (off >= size) return 0;
    n = min_sz(n, size - off);
    uint8_t *dst = buf;
    size_t done = 0;
    while (done < n) {
        uint64_t pos = off + done;
        uint32_t boff = (uint32_t)(pos % fs->bs), pblk;
        size_t chunk = min_sz(fs->bs - boff, n - done);
        rc = inode_bmap(fs, &ip, pos / fs->bs, false, 0, &pblk, NULL);
        if (rc) {
            /* A size beyond what the block map can address is corruption. */
            rc = rc == -EFBIG ? -EUCLEAN : rc;
            break;
        }
        if (!pblk) {
            memset(dst + done, 0, chunk);
        } else {
            struct ext2_buf *b;
            rc = buf_get(fs, pblk, true, &b);
            if (rc) break;
            memcpy(dst + done, b->data + boff, chunk);
            buf_put(b);
        }
        done += chunk;
    }
    *got = done;
    return rc;
}

/* Zero the bytes of the block holding offset from, from there to the block's end. */
static int zero_tail(struct ext2_fs *fs, struct ext2_inode *ip, uint64_t from)
{
    uint32_t boff = (uint32_t)(from % fs->bs), pblk;
    if (boff == 0) return 0;
    int rc = inode_bmap(fs, ip, from / fs->bs, false, 0, &pblk, NULL);
    if (rc || !pblk) return rc;
    struct ext2_buf *b;
    rc = buf_get(fs, pblk, true, &b);
    if (rc) return rc;
    memset(b->data + boff, 0, fs->bs - boff);
    buf_dirty(b);
    buf_put(b);
    return 0;
}

/* Load a regular file for a change. */
static int reg_load(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip)
{
    if (fs->ro) return -EROFS;
    int rc = inode_load(fs, ino, ip);
    if (rc) return rc;
    if (s_isdir(ip->i_mode)) return -EISDIR;
    if (!s_isreg(ip->i_mode) || ip->i_links_count == 0) return -EINVAL;
    return 0;
}

int ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t n,
               size_t *put)
{
    struct ext2_inode ip;
    *put = 0;
    int rc = reg_load(fs, ino, &ip);
    if (rc) return rc;
    if (n == 0) return 0;
    if (off >= fs->max_size || n > fs->max_size - off) return -EFBIG;
    uint64_t size = inode_size(&ip);
    if (off > size && (rc = zero_tail(fs, &ip, size)) != 0) return rc;
    uint32_t goal = group_first_block(fs, (ino - 1) / fs->ipg), pblk;
    if (off / fs->bs > 0 && !inode_bmap(fs, &ip, off / fs->bs - 1, false, 0, &pblk, NULL) && pblk)
        goal = pblk + 1;
    const uint8_t *src = buf;
    size_t done = 0;
    while (done < n) {
        uint64_t pos = off + done;
        uint32_t boff = (uint32_t)(pos % fs->bs);
        size_t chunk = min_sz(fs->bs - boff, n - done);
        bool fresh;
        rc = inode_bmap(fs, &ip, pos / fs->bs, true, goal, &pblk, &fresh);
        if (rc) break;
        struct ext2_buf *b;
        rc = buf_get(fs, pblk, !fresh && chunk != fs->bs, &b);
        if (rc) break;
        memcpy(b->data + boff, src + done, chunk);
        buf_dirty(b);
        buf_put(b);
        done += chunk;
        goal = pblk + 1;
    }
    if (done && off + done > size) inode_set_size(&ip, off + done);
    if (done) ip.i_mtime = ip.i_ctime = fs_now(fs);
    int r = inode_store(fs, ino, &ip);
    *put = done;
    return rc ? rc : r;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
    struct ext2_inode ip;
    int rc = reg_load(fs, ino, &ip);
    if (rc) return rc;
    if (size > fs->max_size) return -EFBIG;
    uint64_t old = inode_size(&ip);
    if (size < old) {
        rc = inode_trunc_blocks(fs, &ip, (size + fs->bs - 1) / fs->bs);
        if (!rc) rc = zero_tail(fs, &ip, size);
    } else if (size > old) {
        rc = zero_tail(fs, &ip, old);
    }
    if (!rc) inode_set_size(&ip, size);
    ip.i_mtime = ip.i_ctime = fs_now(fs);
    int r = inode_store(fs, ino, &ip);
    return rc ? rc : r;
}

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
    struct ext2_inode ip;
    int rc = inode_load(fs, ino, &ip);
    if (rc) return rc;
    st->ino = ino;
    st->mode = ip.i_mode;
    st->links = ip.i_links_count;
    st->uid = (uint32_t)ip.i_uid_high << 16 | ip.i_uid;
    st->gid = (uint32_t)ip.i_gid_high << 16 | ip.i_gid;
    st->size = inode_size(&ip);
    st->blocks = ip.i_blocks;
    st->atime = ip.i_atime;
    st->mtime = ip.i_mtime;
    st->ctime = ip.i_ctime;
    st->flags = ip.i_flags;
    return 0;
}

/* Load any live inode for an attribute change. */
static int attr_load(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip)
{
    if (fs->ro) return -EROFS;
    int rc = inode_load(fs, ino, ip);
    if (!rc && ip->i_links_count == 0) rc = -ENOENT;
    return rc;
}

int ext2_chmod(struct ext2_fs *fs, uint32_t ino, uint32_t mode)
{
    struct ext2_inode ip;
    int rc = attr_load(fs, ino, &ip);
    if (rc) return rc;
    ip.i_mode = (uint16_t)((ip.i_mode & EXT2_S_IFMT) | (mode & 07777));
    ip.i_ctime = fs_now(fs);
    return inode_store(fs, ino, &ip);
}

int ext2_chown(struct ext2_fs *fs, uint32_t ino, uint32_t uid, uint32_t gid)
{
    struct ext2_inode ip;
    int rc = attr_load(fs, ino, &ip);
    if (rc) return rc;
    ip.i_uid = (uint16_t)uid;
    ip.i_uid_high = (uint16_t)(uid >> 16);
    ip.i_gid = (uint16_t)gid;
    ip.i_gid_high = (uint16_t)(gid >> 16);
    ip.i_ctime = fs_now(fs);
    return inode_store(fs, ino, &ip);
}

int ext2_utimes(struct ext2_fs *fs, uint32_t ino, uint32_t atime, uint32_t mtime)
{
    struct ext2_inode ip;
    int rc = attr_load(fs, ino, &ip);
    if (rc) return rc;
    ip.i_atime = atime;
    ip.i_mtime = mtime;
    ip.i_ctime = fs_now(fs);
    return inode_store(fs, ino, &ip);
}

int ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t cap, size_t *len)
{
    struct ext2_inode ip;
    *len = 0;
    int rc = inode_load(fs, ino, &ip);
    if (rc) return rc;
    if (!s_islnk(ip.i_mode)) return -EINVAL;
    uint32_t size = ip.i_size;
    size_t n = min_sz(size, cap);
    if (!inode_has_blocks(fs, &ip)) {
        if (size > EXT2_FAST_LINK_MAX) return -EUCLEAN;
        memcpy(buf, ip.i_block, n);
    } else {
        uint32_t pblk;
        struct ext2_buf *b;
        if (size >= fs->bs) return -EUCLEAN;
        rc = inode_bmap(fs, &ip, 0, false, 0, &pblk, NULL);
        if (!rc && !pblk) rc = -EUCLEAN;
        if (!rc) rc = buf_get(fs, pblk, true, &b);
        if (rc) return rc;
        memcpy(buf, b->data, n);
        buf_put(b);
    }
    if (n < cap) buf[n] = 0;
    *len = n;
    return 0;
}
