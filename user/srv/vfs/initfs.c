/* initfs: the boot module initfs.cpio (cpio "newc"), served read-only from the archive. */
#include "vfs.h"
#include "abi/proto/procmgr.h"

#define INITFS_VA 0x600000000ull

static uint64_t hex8(const char *s, bool *ok)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint64_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint64_t)(c - 'A' + 10);
        else
            *ok = false;
    }
    return v;
}

/* The directory for path's parent, creating directories on the way; *last gets the
 * final component. */
static struct vnode *walk_create(struct fs *fs, char *path, char **last)
{
    struct vnode *dir = fs->root;
    char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        char *e = p;
        while (*e && *e != '/')
            e++;
        if (!*e) {
            *last = p;
            return dir;
        }
        *e = 0;
        struct vnode *next = NULL;
        if (!strcmp(p, ".") || !p[0]) {
            next = dir;
        } else if (fs->ops->lookup(dir, p, &next) == 0) {
            next->refs--;
        } else {
            next = ramfs_node(fs, S_IFDIR | 0755);
            if (!next || ramfs_add(dir, p, next) < 0)
                return NULL;
        }
        if (!S_ISDIR(next->mode))
            return NULL;
        dir = next;
        p = e + 1;
    }
}

static long parse(struct fs *fs, const uint8_t *a, uint64_t size)
{
    uint64_t pos = 0;
    int files = 0;
    while (pos + 110 <= size) {
        const char *h = (const char *)a + pos;
        if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
            return -EINVAL;
        bool ok = true;
        uint32_t mode = (uint32_t)hex8(h + 14, &ok), uid = (uint32_t)hex8(h + 22, &ok),
                 gid = (uint32_t)hex8(h + 30, &ok);
        uint64_t mtime = hex8(h + 46, &ok), fsize = hex8(h + 54, &ok),
                 namesize = hex8(h + 94, &ok);
        if (!ok || namesize == 0 || namesize > VFS_PATH_MAX)
            return -EINVAL;
        uint64_t name_at = pos + 110, data_at = (name_at + namesize + 3) & ~3ull;
        if (data_at > size || fsize > size - data_at)
            return -EINVAL;
        char name[VFS_PATH_MAX];
        memcpy(name, a + name_at, namesize);
        name[namesize - 1] = 0;
        pos = (data_at + fsize + 3) & ~3ull;
        if (!strcmp(name, "TRAILER!!!"))
            break;
        char *last;
        struct vnode *dir = walk_create(fs, name, &last);
        if (!dir)
            return -EINVAL;
        if (!last[0] || !strcmp(last, ".")) {
            if (S_ISDIR(mode))
                dir->mode = mode;
            continue;
        }
        struct vnode *v = NULL;
        if (fs->ops->lookup(dir, last, &v) == 0) {
            v->refs--;
        } else {
            uint32_t type = mode & S_IFMT;
            if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK)
                continue;
            v = ramfs_node(fs, mode);
            if (!v || ramfs_add(dir, last, v) < 0)
                return -ENOMEM;
        }
        v->mode = mode;
        v->uid = uid;
        v->gid = gid;
        v->atime = v->mtime = v->ctime = mtime * 1000000000ull;
        if (!S_ISDIR(mode)) {
            v->rodata = a + data_at;
            v->size = fsize;
        }
        files++;
    }
    return files;
}

/* Mounts the boot module initfs.cpio on the directory on. */
long initfs_mount_boot(struct vnode *on)
{
    const struct boot_user_info *bi = cluu_bootinfo();
    if (!bi)
        return -ENODEV;
    for (unsigned long i = 0; i < bi->nmodules; i++) {
        if (strcmp(bi->modules[i].name, "initfs.cpio"))
            continue;
        uint64_t pages = (bi->modules[i].size + 4095) / 4096;
        long r = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, PROC_CAP_MODULE0 + i, INITFS_VA, 0, pages,
                         PROT_R);
        if (r < 0)
            return r;
        struct fs *fs = ramfs_new(false);
        if (!fs)
            return -ENOMEM;
        r = parse(fs, (const uint8_t *)INITFS_VA, bi->modules[i].size);
        if (r < 0) {
            dprintf_k("vfs: initfs.cpio is malformed\n");
            return r;
        }
        fs->readonly = true;
        dprintf_k("vfs: initfs: %ld entries\n", r);
        return fs_mount(fs, on);
    }
    return -ENOENT;
}
