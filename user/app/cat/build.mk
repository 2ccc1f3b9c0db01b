# cat: concatenates files.
MUSL_PROGS += cat
MUSL_SRCS_cat := user/app/cat/cat.c user/app/common/util.c
MUSL_CFLAGS_cat := -Iuser/app/common
$(B)/user/bin/cat: user/app/common/util.h
