# uniq: drops repeated lines.
MUSL_PROGS += uniq
MUSL_SRCS_uniq := user/app/uniq/uniq.c user/app/common/util.c
MUSL_CFLAGS_uniq := -Iuser/app/common
$(B)/user/bin/uniq: user/app/common/util.h
