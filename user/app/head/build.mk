# head: prints the first lines.
MUSL_PROGS += head
MUSL_SRCS_head := user/app/head/head.c user/app/common/util.c
MUSL_CFLAGS_head := -Iuser/app/common
$(B)/user/bin/head: user/app/common/util.h
