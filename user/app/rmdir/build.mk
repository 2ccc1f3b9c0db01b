# rmdir: removes empty directories.
MUSL_PROGS += rmdir
MUSL_SRCS_rmdir := user/app/rmdir/rmdir.c user/app/common/util.c
MUSL_CFLAGS_rmdir := -Iuser/app/common
$(B)/user/bin/rmdir: user/app/common/util.h
