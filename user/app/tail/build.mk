# tail: prints the last lines.
MUSL_PROGS += tail
MUSL_SRCS_tail := user/app/tail/tail.c user/app/common/util.c
MUSL_CFLAGS_tail := -Iuser/app/common
$(B)/user/bin/tail: user/app/common/util.h
