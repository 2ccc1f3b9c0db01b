# sync: flushes file data to disk.
MUSL_PROGS += sync
MUSL_SRCS_sync := user/app/sync/sync.c user/app/common/util.c
MUSL_CFLAGS_sync := -Iuser/app/common
$(B)/user/bin/sync: user/app/common/util.h
