# sort: sorts lines.
MUSL_PROGS += sort
MUSL_SRCS_sort := user/app/sort/sort.c user/app/common/util.c
MUSL_CFLAGS_sort := -Iuser/app/common
$(B)/user/bin/sort: user/app/common/util.h
