# cut: prints selected bytes, characters or fields of lines.
MUSL_PROGS += cut
MUSL_SRCS_cut := user/app/cut/cut.c user/app/common/util.c
MUSL_CFLAGS_cut := -Iuser/app/common
$(B)/user/bin/cut: user/app/common/util.h
