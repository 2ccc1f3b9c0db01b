# tee: copies stdin to stdout and files.
MUSL_PROGS += tee
MUSL_SRCS_tee := user/app/tee/tee.c user/app/common/util.c
MUSL_CFLAGS_tee := -Iuser/app/common
$(B)/user/bin/tee: user/app/common/util.h
