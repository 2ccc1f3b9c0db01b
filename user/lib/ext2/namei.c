/* Name space changes: create, mkdir, symlink, link, unlink, rmdir, rename. */
#include "ext2_int.h"

static bool is_dot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* A live directory we may add entries to. */
static int dir_load(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *ip)
{
    int rc = inode_load(fs, dir, ip);
    if (rc) return rc;
    if (!s_isdir(ip->i_mode)) return -ENOTDIR;
    return ip->i_links_count ? 0 : -ENOENT;
}

/* Check that name may be created in dir: the name is free and the directory usable. */
static int new_name_check(struct ext2_fs *fs, uint32_t dir, const char *name, size_t *len)
{
    struct ext2_inode dip;
    uint32_t ino;
    if (fs->ro) return -EROFS;
    int rc = name_check(name, len);
    if (!rc) rc = dir_load(fs, dir, &dip);
    if (rc) return rc;
    if (is_dot(name, *len)) return -EEXIST;
    rc = dir_find(fs, dir, name, *len, &ino);
    if (rc == 0) return -EEXIST;
    return rc == -ENOENT ? 0 : rc;
}

/* Create an inode of type mode in dir under name; target is the symlink text, if any. */
static int node_new(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
                    uint32_t gid, const char *target, uint32_t *out)
{
    size_t len, tlen = 0;
    int rc = new_name_check(fs, dir, name, &len);
    if (rc) return rc;
    bool isdir = s_isdir(mode);
    if (isdir) {
        struct ext2_inode dip;
        rc = inode_load(fs, dir, &dip);
        if (rc) return rc;
        if (dip.i_links_count >= EXT2_LINK_MAX) return -EMLINK;
    }
    if (target) {
        while (tlen < fs->bs && target[tlen])
            tlen++;
        if (tlen == 0) return -ENOENT;
        if (tlen >= fs->bs) return -ENAMETOOLONG;
    }

    uint32_t ino, blk;
    struct ext2_inode ip;
    rc = inode_alloc(fs, dir, isdir, &ino);
    if (rc) return rc;
    rc = inode_create(fs, ino, mode, uid, gid, &ip);
    if (rc) {
        inode_free(fs, ino, isdir);
        return rc;
    }
    ip.i_links_count = isdir ? 2 : 1;
    if (isdir || (target && tlen > EXT2_FAST_LINK_MAX)) {
        rc = block_alloc(fs, group_first_block(fs, (ino - 1) / fs->ipg), &blk);
        if (rc) goto fail;
        ip.i_block[0] = blk;
        ip.i_blocks = fs->spb;
        if (isdir) {
            ip.i_size = fs->bs;
            rc = dir_init_block(fs, blk, ino, dir);
        } else {
            struct ext2_buf *b;
            ip.i_size = (uint32_t)tlen;
            rc = buf_get(fs, blk, false, &b);
            if (!rc) {
                memcpy(b->data, target, tlen);
                buf_dirty(b);
                buf_put(b);
            }
        }
        if (rc) goto fail;
    } else if (target) {
        memcpy(ip.i_block, target, tlen);
        ip.i_size = (uint32_t)tlen;
    }
    rc = inode_store(fs, ino, &ip);
    if (!rc) rc = dir_add(fs, dir, name, len, ino, inode_ftype(&ip));
    if (rc) goto fail;
    if (isdir && (rc = inode_add_links(fs, dir, 1)) != 0) return rc;
    *out = ino;
    return 0;
fail:
    /* Undo a node that never got its directory entry. */
    inode_release(fs, ino, &ip);
    return rc;
}

int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
                uint32_t gid, uint32_t *ino)
{
    return node_new(fs, dir, name, EXT2_S_IFREG | (mode & 07777), uid, gid, NULL, ino);
}

int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
               uint32_t gid, uint32_t *ino)
{
    return node_new(fs, dir, name, EXT2_S_IFDIR | (mode & 07777), uid, gid, NULL, ino);
}

int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, const char *target,
                 uint32_t uid, uint32_t gid, uint32_t *ino)
{
    return node_new(fs, dir, name, EXT2_S_IFLNK | 0777, uid, gid, target, ino);
}

int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name)
{
    struct ext2_inode ip;
    size_t len;
    int rc = new_name_check(fs, dir, name, &len);
    if (!rc) rc = inode_load(fs, ino, &ip);
    if (rc) return rc;
    if (s_isdir(ip.i_mode)) return -EPERM;
    if (ip.i_links_count == 0) return -ENOENT;
    if (ip.i_links_count >= EXT2_LINK_MAX) return -EMLINK;
    rc = dir_add(fs, dir, name, len, ino, inode_ftype(&ip));
    if (rc) return rc;
    return inode_add_links(fs, ino, 1);
}

/* Drop one link of ino; the last one frees the inode and its blocks. */
static int link_drop(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode ip;
    int rc = inode_load(fs, ino, &ip);
    if (rc) return rc;
    if (ip.i_links_count == 0) return -EUCLEAN;
    if (s_isdir(ip.i_mode) || --ip.i_links_count == 0) return inode_release(fs, ino, &ip);
    ip.i_ctime = fs_now(fs);
    return inode_store(fs, ino, &ip);
}

/* Look up an existing entry; "." gives -EINVAL and ".." -ENOTEMPTY. */
static int old_name(struct ext2_fs *fs, uint32_t dir, const char *name, size_t *len, uint32_t *ino,
                    struct ext2_inode *ip)
{
    struct ext2_inode dip;
    if (fs->ro) return -EROFS;
    int rc = name_check(name, len);
    if (!rc) rc = dir_load(fs, dir, &dip);
    if (rc) return rc;
    if (is_dot(name, *len)) return *len == 1 ? -EINVAL : -ENOTEMPTY;
    rc = dir_find(fs, dir, name, *len, ino);
    if (!rc) rc = inode_load(fs, *ino, ip);
    if (!rc && (*ino == dir || *ino == EXT2_ROOT_INO)) rc = -EUCLEAN;
    return rc;
}

int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    struct ext2_inode ip;
    uint32_t ino;
    size_t len;
    int rc = old_name(fs, dir, name, &len, &ino, &ip);
    if (rc == -ENOTEMPTY || (rc == 0 && s_isdir(ip.i_mode))) return -EISDIR;
    if (rc) return rc;
    rc = dir_remove(fs, dir, name, len);
    return rc ? rc : link_drop(fs, ino);
}

int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    struct ext2_inode ip;
    uint32_t ino;
    size_t len;
    int rc = old_name(fs, dir, name, &len, &ino, &ip);
    if (rc) return rc;
    if (!s_isdir(ip.i_mode)) return -ENOTDIR;
    rc = dir_is_empty(fs, ino);
    if (rc <= 0) return rc ? rc : -ENOTEMPTY;
    rc = dir_remove(fs, dir, name, len);
    if (!rc) rc = link_drop(fs, ino);
    if (!rc) rc = inode_add_links(fs, dir, -1);
    return rc;
}

/* -EINVAL when dir is ino or lies below it (moving a directory into itself). */
static int not_below(struct ext2_fs *fs, uint32_t ino, uint32_t dir)
{
    for (uint32_t steps = 0; steps <= fs->ninodes; steps++) {
        if (dir == ino) return -EINVAL;
        if (dir == EXT2_ROOT_INO) return 0;
        int rc = dir_find(fs, dir, "..", 2, &dir);
        if (rc) return rc == -ENOENT ? -EUCLEAN : rc;
    }
    return -EUCLEAN;
}

int ext2_rename(struct ext2_fs *fs, uint32_t sdir, const char *sname, uint32_t ddir,
                const char *dname)
{
    struct ext2_inode sip, dip, ddip;
    uint32_t sino, dino = 0;
    size_t slen, dlen;
    int rc = old_name(fs, sdir, sname, &slen, &sino, &sip);
    if (rc == -ENOTEMPTY) rc = -EINVAL;
    if (!rc) rc = name_check(dname, &dlen);
    if (!rc) rc = dir_load(fs, ddir, &ddip);
    if (rc) return rc;
    if (is_dot(dname, dlen)) return -EINVAL;
    rc = dir_find(fs, ddir, dname, dlen, &dino);
    if (rc == -ENOENT)
        dino = 0;
    else if (rc)
        return rc;
    if (dino == sino) return 0;
    bool isdir = s_isdir(sip.i_mode);
    if (dino) {
        rc = inode_load(fs, dino, &dip);
        if (rc) return rc;
        if (dino == ddir || dino == EXT2_ROOT_INO) return -EUCLEAN;
        if (isdir && !s_isdir(dip.i_mode)) return -ENOTDIR;
        if (!isdir && s_isdir(dip.i_mode)) return -EISDIR;
        if (s_isdir(dip.i_mode) && (rc = dir_is_empty(fs, dino)) <= 0) return rc ? rc : -ENOTEMPTY;
    }
    if (isdir && sdir != ddir) {
        rc = not_below(fs, sino, ddir);
        if (rc) return rc;
        if (!dino && ddip.i_links_count >= EXT2_LINK_MAX) return -EMLINK;
    }

    /* The new name first: if the directory cannot grow, nothing has changed yet. */
    uint8_t ft = inode_ftype(&sip);
    rc = dino ? dir_set(fs, ddir, dname, dlen, sino, ft) : dir_add(fs, ddir, dname, dlen, sino, ft);
    if (!rc) rc = dir_remove(fs, sdir, sname, slen);
    if (!rc && isdir && sdir != ddir) {
        rc = dir_set(fs, sino, "..", 2, ddir, EXT2_FT_DIR);
        if (!rc) rc = inode_add_links(fs, sdir, -1);
        if (!rc) rc = inode_add_links(fs, ddir, 1);
    }
    if (!rc && dino) {
        if (s_isdir(dip.i_mode)) rc = inode_add_links(fs, ddir, -1);
        if (!rc) rc = link_drop(fs, dino);
    }
    if (!rc) rc = inode_add_links(fs, sino, 0);
    return rc;
}
