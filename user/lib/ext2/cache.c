/* Write-back block cache: a fixed set of block buffers, least recently used goes first. */
#include "ext2_int.h"

static int buf_writeback(struct ext2_fs *fs, struct ext2_buf *b)
{
    if (!b->valid || !b->dirty) return 0;
    if (fs->dev.write(fs->dev.ctx, (uint64_t)b->blk * fs->bs, b->data, fs->bs) != 0) return -EIO;
    b->dirty = false;
    return 0;
}

int buf_get(struct ext2_fs *fs, uint32_t blk, bool read, struct ext2_buf **out)
{
    /* Block 0 and the primary superblock are never cached: the superblock lives in fs->sb. */
    if (blk <= fs->first_data || blk >= fs->nblocks) return -EUCLEAN;
    struct ext2_buf *victim = NULL;
    for (unsigned i = 0; i < fs->ncache; i++) {
        struct ext2_buf *b = &fs->cache[i];
        if (b->valid && b->blk == blk) {
            b->refs++;
            b->used = ++fs->clock;
            if (!read) memset(b->data, 0, fs->bs);
            *out = b;
            return 0;
        }
        if (b->refs) continue;
        if (!victim || (victim->valid && (!b->valid || b->used < victim->used))) victim = b;
    }
    if (!victim) return -ENOMEM;
    int rc = buf_writeback(fs, victim);
    if (rc) return rc;
    victim->valid = false;
    if (!read)
        memset(victim->data, 0, fs->bs);
    else if (fs->dev.read(fs->dev.ctx, (uint64_t)blk * fs->bs, victim->data, fs->bs) != 0)
        return -EIO;
    victim->blk = blk;
    victim->valid = true;
    victim->dirty = false;
    victim->refs = 1;
    victim->used = ++fs->clock;
    *out = victim;
    return 0;
}

void buf_put(struct ext2_buf *b)
{
    if (b && b->refs) b->refs--;
}

int cache_flush(struct ext2_fs *fs)
{
    int rc = 0;
    for (unsigned i = 0; i < fs->ncache; i++) {
        int r = buf_writeback(fs, &fs->cache[i]);
        if (r && !rc) rc = r;
    }
    return rc;
}

unsigned cache_pinned(const struct ext2_fs *fs)
{
    unsigned n = 0;
    for (unsigned i = 0; i < fs->ncache; i++)
        n += fs->cache[i].refs;
    return n;
}
