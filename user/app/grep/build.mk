# grep: prints lines matching regular expressions.
MUSL_PROGS += grep
MUSL_SRCS_grep := user/app/grep/grep.c user/app/common/util.c
MUSL_CFLAGS_grep := -Iuser/app/common
$(B)/user/bin/grep: user/app/common/util.h
