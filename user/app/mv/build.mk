# mv: moves files.
MUSL_PROGS += mv
MUSL_SRCS_mv := user/app/mv/mv.c user/app/common/util.c user/app/common/copy.c
MUSL_CFLAGS_mv := -Iuser/app/common
$(B)/user/bin/mv: user/app/common/util.h user/app/common/copy.h
