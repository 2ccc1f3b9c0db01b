# id: prints user and group ids.
MUSL_PROGS += id
MUSL_SRCS_id := user/app/id/id.c user/app/common/util.c
MUSL_CFLAGS_id := -Iuser/app/common
$(B)/user/bin/id: user/app/common/util.h
