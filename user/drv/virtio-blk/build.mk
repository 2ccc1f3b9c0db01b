# virtio-blk: the block device driver (native, libcluu) and its in-OS test.
USER_PROGS += virtio-blk blktest
PROG_SRCS_virtio-blk := $(addprefix user/drv/virtio-blk/,main.c pci.c virtio.c)
PROG_SRCS_blktest := user/drv/virtio-blk/test/blktest.c
BOOT_FILES += user/drv/virtio-blk/blktest.conf user/drv/virtio-blk/blkerr.conf
