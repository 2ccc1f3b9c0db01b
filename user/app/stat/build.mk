# stat: prints file status.
MUSL_PROGS += stat
MUSL_SRCS_stat := user/app/stat/stat.c user/app/common/util.c
MUSL_CFLAGS_stat := -Iuser/app/common
$(B)/user/bin/stat: user/app/common/util.h
