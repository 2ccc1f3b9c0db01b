#pragma once
/* ext2 library internals: on-disk layout (little-endian host assumed), mount state, helpers. */
#include "ext2.h"

/* The only C library functions the library uses; declared here so it builds freestanding. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#define EXT2_MAGIC 0xEF53u
#define EXT2_SB_OFFSET 1024u
#define EXT2_GOOD_OLD_REV 0u
#define EXT2_DYNAMIC_REV 1u
#define EXT2_GOOD_OLD_INODE_SIZE 128u
#define EXT2_GOOD_OLD_FIRST_INO 11u
#define EXT2_NDIR 12u
#define EXT2_IND 12u
#define EXT2_DIND 13u
#define EXT2_TIND 14u
#define EXT2_NBLOCKS 15u
#define EXT2_FAST_LINK_MAX 59u /* target bytes that fit in i_block with a NUL */

#define EXT2_STATE_VALID 1u
#define EXT2_STATE_ERROR 2u

#define EXT2_COMPAT_RESIZE_INODE 0x0010u
#define EXT2_COMPAT_SPARSE_SUPER2 0x0200u
#define EXT2_SB_BACKUP_BGS 0x24Cu /* sparse_super2: the two groups with backups */
#define EXT2_INCOMPAT_FILETYPE 0x0002u
#define EXT2_RO_COMPAT_SPARSE_SUPER 0x0001u
#define EXT2_RO_COMPAT_LARGE_FILE 0x0002u
#define EXT2_INCOMPAT_SUPPORTED EXT2_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPPORTED (EXT2_RO_COMPAT_SPARSE_SUPER | EXT2_RO_COMPAT_LARGE_FILE)

#define EXT2_INDEX_FL 0x00001000u /* hashed directory: cleared when the library changes it */
#define EXT2_XATTR_MAGIC 0xEA020000u

struct ext2_super {
    uint32_t s_inodes_count;
    uint32_t s_blocks_count;
    uint32_t s_r_blocks_count;
    uint32_t s_free_blocks_count;
    uint32_t s_free_inodes_count;
    uint32_t s_first_data_block;
    uint32_t s_log_block_size;
    uint32_t s_log_frag_size;
    uint32_t s_blocks_per_group;
    uint32_t s_frags_per_group;
    uint32_t s_inodes_per_group;
    uint32_t s_mtime;
    uint32_t s_wtime;
    uint16_t s_mnt_count;
    int16_t s_max_mnt_count;
    uint16_t s_magic;
    uint16_t s_state;
    uint16_t s_errors;
    uint16_t s_minor_rev_level;
    uint32_t s_lastcheck;
    uint32_t s_checkinterval;
    uint32_t s_creator_os;
    uint32_t s_rev_level;
    uint16_t s_def_resuid;
    uint16_t s_def_resgid;
    /* EXT2_DYNAMIC_REV */
    uint32_t s_first_ino;
    uint16_t s_inode_size;
    uint16_t s_block_group_nr;
    uint32_t s_feature_compat;
    uint32_t s_feature_incompat;
    uint32_t s_feature_ro_compat;
    uint8_t s_uuid[16];
    char s_volume_name[16];
    char s_last_mounted[64];
    uint32_t s_algorithm_usage_bitmap;
    uint8_t s_prealloc_blocks;
    uint8_t s_prealloc_dir_blocks;
    uint16_t s_reserved_gdt_blocks;
    uint8_t s_rest[1024 - 208];
};
_Static_assert(sizeof(struct ext2_super) == 1024, "superblock is 1 KiB");

struct ext2_gd {
    uint32_t bg_block_bitmap;
    uint32_t bg_inode_bitmap;
    uint32_t bg_inode_table;
    uint16_t bg_free_blocks_count;
    uint16_t bg_free_inodes_count;
    uint16_t bg_used_dirs_count;
    uint16_t bg_flags;
    uint32_t bg_reserved[3];
};
_Static_assert(sizeof(struct ext2_gd) == 32, "group descriptor is 32 bytes");

/* The first 128 bytes of an inode; larger inodes keep their extra bytes untouched. */
struct ext2_inode {
    uint16_t i_mode;
    uint16_t i_uid;
    uint32_t i_size;
    uint32_t i_atime;
    uint32_t i_ctime;
    uint32_t i_mtime;
    uint32_t i_dtime;
    uint16_t i_gid;
    uint16_t i_links_count;
    uint32_t i_blocks;
    uint32_t i_flags;
    uint32_t i_osd1;
    uint32_t i_block[EXT2_NBLOCKS];
    uint32_t i_generation;
    uint32_t i_file_acl;
    uint32_t i_size_high;
    uint32_t i_faddr;
    uint16_t i_blocks_hi;
    uint16_t i_file_acl_high;
    uint16_t i_uid_high;
    uint16_t i_gid_high;
    uint16_t i_checksum_lo;
    uint16_t i_reserved;
};
_Static_assert(sizeof(struct ext2_inode) == 128, "inode core is 128 bytes");

struct ext2_de {
    uint32_t inode;
    uint16_t rec_len;
    uint8_t name_len;
    uint8_t file_type; /* high byte of name_len without the filetype feature */
    char name[];
};
#define EXT2_DE_HDR 8u
#define EXT2_DE_REC(len) ((EXT2_DE_HDR + (uint32_t)(len) + 3u) & ~3u)

struct ext2_buf {
    uint8_t *data;
    uint32_t blk;
    uint32_t refs;
    uint64_t used; /* LRU clock */
    int32_t hnext; /* next buffer in this block's hash chain, -1 at the end */
    bool valid;
    bool dirty;
};

struct ext2_fs {
    struct ext2_dev dev;
    struct ext2_super sb;
    bool ro;
    bool filetype;   /* directory entries carry a type byte */
    bool large_file; /* regular files may pass 2 GiB */
    uint16_t mount_state;
    uint32_t bs;      /* block size */
    uint32_t ptrs;    /* block pointers per indirect block */
    uint32_t spb;     /* 512-byte sectors per block (units of i_blocks) */
    uint32_t nblocks; /* s_blocks_count */
    uint32_t ninodes; /* s_inodes_count */
    uint32_t first_data;
    uint32_t bpg, ipg, isz, first_ino;
    uint32_t groups;
    uint32_t gdt_start, gdt_blocks, gdt_reserved;
    uint32_t itb; /* inode table blocks per group */
    uint64_t max_size;
    uint32_t generation;
    unsigned ncache;
    uint64_t clock;
    struct ext2_buf *cache;
    int32_t *hash; /* chain heads by block number & hmask, -1 when empty */
    uint32_t hmask;
};

static inline bool s_isdir(uint32_t m)
{
    return (m & EXT2_S_IFMT) == EXT2_S_IFDIR;
}
static inline bool s_isreg(uint32_t m)
{
    return (m & EXT2_S_IFMT) == EXT2_S_IFREG;
}
static inline bool s_islnk(uint32_t m)
{
    return (m & EXT2_S_IFMT) == EXT2_S_IFLNK;
}

/* True when blk may hold file data or indirect pointers (past the primary superblock). */
static inline bool blk_valid(const struct ext2_fs *fs, uint32_t blk)
{
    return blk > fs->first_data && blk < fs->nblocks;
}

/* cache.c: bytes a cache of n blocks needs beyond struct ext2_fs; set it up in mem. */
size_t cache_bytes(unsigned n, uint32_t bs);
void cache_init(struct ext2_fs *fs, uint8_t *mem);
/* Get a pinned block (read from disk, or zero-filled when read is false). */
int buf_get(struct ext2_fs *fs, uint32_t blk, bool read, struct ext2_buf **out);
void buf_put(struct ext2_buf *b);
static inline void buf_dirty(struct ext2_buf *b)
{
    b->dirty = true;
}
int cache_flush(struct ext2_fs *fs);
unsigned cache_pinned(const struct ext2_fs *fs);

/* super.c */
uint32_t fs_now(struct ext2_fs *fs);
int fs_write_super(struct ext2_fs *fs);
/* Report why as the reason for error rc through the device's log hook; returns rc. */
int fs_bad(const struct ext2_fs *fs, int rc, const char *why);

/* alloc.c */
int gd_get(struct ext2_fs *fs, uint32_t g, struct ext2_buf **b, struct ext2_gd **gd);
int block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk);
int block_free(struct ext2_fs *fs, uint32_t blk);
int inode_alloc(struct ext2_fs *fs, uint32_t parent, bool dir, uint32_t *ino);
int inode_free(struct ext2_fs *fs, uint32_t ino, bool dir);
uint32_t group_first_block(const struct ext2_fs *fs, uint32_t g);

/* inode.c */
int inode_load(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip);
int inode_store(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *ip);
int inode_create(struct ext2_fs *fs, uint32_t ino, uint32_t mode, uint32_t uid, uint32_t gid,
                 struct ext2_inode *ip);
uint64_t inode_size(const struct ext2_inode *ip);
void inode_set_size(struct ext2_inode *ip, uint64_t size);
bool inode_has_blocks(const struct ext2_fs *fs, const struct ext2_inode *ip);
int inode_bmap(struct ext2_fs *fs, struct ext2_inode *ip, uint64_t lblk, bool alloc, uint32_t goal,
               uint32_t *pblk, bool *fresh);
int inode_trunc_blocks(struct ext2_fs *fs, struct ext2_inode *ip, uint64_t first);
int inode_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip);
int inode_add_links(struct ext2_fs *fs, uint32_t ino, int delta);
uint8_t inode_ftype(const struct ext2_inode *ip);

/* dir.c */
int dir_check(struct ext2_fs *fs, const struct ext2_inode *ip, uint32_t *nblk);
int dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);
int dir_add(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
            uint8_t ftype);
int dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
int dir_set(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
            uint8_t ftype);
int dir_is_empty(struct ext2_fs *fs, uint32_t dir);
int dir_init_block(struct ext2_fs *fs, uint32_t blk, uint32_t self, uint32_t parent);
int name_check(const char *name, size_t *len);
