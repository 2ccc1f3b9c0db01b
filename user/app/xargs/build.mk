# xargs: builds command lines from its input and runs them.
MUSL_PROGS += xargs
MUSL_SRCS_xargs := user/app/xargs/xargs.c user/app/common/util.c
MUSL_CFLAGS_xargs := -Iuser/app/common
$(B)/user/bin/xargs: user/app/common/util.h
