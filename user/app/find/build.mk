# find: walks directory trees.
MUSL_PROGS += find
MUSL_SRCS_find := user/app/find/find.c user/app/common/util.c
MUSL_CFLAGS_find := -Iuser/app/common
$(B)/user/bin/find: user/app/common/util.h
