# ls: lists directories.
MUSL_PROGS += ls
MUSL_SRCS_ls := user/app/ls/ls.c user/app/common/util.c
MUSL_CFLAGS_ls := -Iuser/app/common
$(B)/user/bin/ls: user/app/common/util.h
