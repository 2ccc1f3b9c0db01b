# clear: clears the terminal.
MUSL_PROGS += clear
MUSL_SRCS_clear := user/app/clear/clear.c user/app/common/util.c
MUSL_CFLAGS_clear := -Iuser/app/common
$(B)/user/bin/clear: user/app/common/util.h
