/* Write-back block cache: a fixed set of block buffers found through a hash of the block
 * number; the least recently used unpinned buffer is the one replaced. */
#include "ext2_int.h"

static size_t round64(size_t n)
{
    return (n + 63) & ~(size_t)63;
}

static uint32_t hash_slots(unsigned n)
{
    uint32_t h = 1;
    while (h < n)
        h <<= 1;
    return h;
}

size_t cache_bytes(unsigned n, uint32_t bs)
{
    return round64((size_t)n * sizeof(struct ext2_buf)) +
           round64((size_t)hash_slots(n) * sizeof(int32_t)) + (size_t)n * bs;
}

void cache_init(struct ext2_fs *fs, uint8_t *mem)
{
    size_t bufs = round64((size_t)fs->ncache * sizeof(struct ext2_buf));
    uint32_t nh = hash_slots(fs->ncache);
    fs->cache = (struct ext2_buf *)mem;
    fs->hash = (int32_t *)(mem + bufs);
    fs->hmask = nh - 1;
    for (uint32_t i = 0; i < nh; i++)
        fs->hash[i] = -1;
    uint8_t *data = mem + bufs + round64((size_t)nh * sizeof(int32_t));
    for (unsigned i = 0; i < fs->ncache; i++) {
        memset(&fs->cache[i], 0, sizeof fs->cache[i]);
        fs->cache[i].hnext = -1;
        fs->cache[i].data = data + (size_t)i * fs->bs;
    }
}

static void hash_unlink(struct ext2_fs *fs, struct ext2_buf *b)
{
    int32_t self = (int32_t)(b - fs->cache);
    for (int32_t *p = &fs->hash[b->blk & fs->hmask]; *p >= 0; p = &fs->cache[*p].hnext)
        if (*p == self) {
            *p = b->hnext;
            break;
        }
    b->hnext = -1;
}

static void hash_link(struct ext2_fs *fs, struct ext2_buf *b)
{
    int32_t *head = &fs->hash[b->blk & fs->hmask];
    b->hnext = *head;
    *head = (int32_t)(b - fs->cache);
}

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
    for (int32_t i = fs->hash[blk & fs->hmask]; i >= 0; i = fs->cache[i].hnext) {
        struct ext2_buf *b = &fs->cache[i];
        if (b->valid && b->blk == blk) {
            b->refs++;
            b->used = ++fs->clock;
            if (!read) memset(b->data, 0, fs->bs);
            *out = b;
            return 0;
        }
    }
    struct ext2_buf *victim = NULL;
    for (unsigned i = 0; i < fs->ncache; i++) {
        struct ext2_buf *b = &fs->cache[i];
        if (b->refs) continue;
        if (!victim || (victim->valid && (!b->valid || b->used < victim->used))) victim = b;
    }
    if (!victim) return -ENOMEM;
    int rc = buf_writeback(fs, victim);
    if (rc) return rc;
    if (victim->valid) hash_unlink(fs, victim);
    victim->valid = false;
    if (!read)
        memset(victim->data, 0, fs->bs);
    else if (fs->dev.read(fs->dev.ctx, (uint64_t)blk * fs->bs, victim->data, fs->bs) != 0)
        return -EIO;
    victim->blk = blk;
    hash_link(fs, victim);
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
