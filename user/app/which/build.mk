# which: finds commands in PATH.
MUSL_PROGS += which
MUSL_SRCS_which := user/app/which/which.c user/app/common/util.c
MUSL_CFLAGS_which := -Iuser/app/common
$(B)/user/bin/which: user/app/common/util.h
