# df: prints file system space.
MUSL_PROGS += df
MUSL_SRCS_df := user/app/df/df.c user/app/common/util.c
MUSL_CFLAGS_df := -Iuser/app/common
$(B)/user/bin/df: user/app/common/util.h
