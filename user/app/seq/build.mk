# seq: prints sequences of numbers.
MUSL_PROGS += seq
MUSL_SRCS_seq := user/app/seq/seq.c user/app/common/util.c
MUSL_CFLAGS_seq := -Iuser/app/common
$(B)/user/bin/seq: user/app/common/util.h
