# wc: counts lines, words, bytes.
MUSL_PROGS += wc
MUSL_SRCS_wc := user/app/wc/wc.c user/app/common/util.c
MUSL_CFLAGS_wc := -Iuser/app/common
$(B)/user/bin/wc: user/app/common/util.h
