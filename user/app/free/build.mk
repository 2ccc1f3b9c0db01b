# free: prints free and used memory from /proc/meminfo.
MUSL_PROGS += free
MUSL_SRCS_free := user/app/free/free.c user/app/common/util.c
MUSL_CFLAGS_free := -Iuser/app/common
$(B)/user/bin/free: user/app/common/util.h
