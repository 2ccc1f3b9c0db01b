# vfs: the file system server (native, libcluu) and its in-OS test.
USER_PROGS += vfs vfstest disktest
PROG_SRCS_vfs := $(addprefix user/srv/vfs/,main.c alloc.c vnode.c client.c ns.c file.c ramfs.c initfs.c \
	devfs.c pipe.c ext2glue.c remote.c) $(EXT2_SRCS)
PROG_SRCS_vfstest := user/srv/vfs/test/vfstest.c
PROG_SRCS_disktest := user/srv/vfs/test/disktest.c
BOOT_FILES += user/srv/vfs/vfstest.conf user/srv/vfs/vfsdisk.conf user/srv/vfs/e2fuzz.conf \
	user/srv/vfs/e2write.conf $(B)/initfs.cpio

$(B)/initfs.cpio: scripts/mkinitfs.sh $(shell find rootfs-init 2>/dev/null)
	sh scripts/mkinitfs.sh rootfs-init $@
