# cp: copies files and trees.
MUSL_PROGS += cp
MUSL_SRCS_cp := user/app/cp/cp.c user/app/common/util.c user/app/common/copy.c
MUSL_CFLAGS_cp := -Iuser/app/common
$(B)/user/bin/cp: user/app/common/util.h user/app/common/copy.h
