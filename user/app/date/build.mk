# date: prints the date.
MUSL_PROGS += date
MUSL_SRCS_date := user/app/date/date.c user/app/common/util.c
MUSL_CFLAGS_date := -Iuser/app/common
$(B)/user/bin/date: user/app/common/util.h
