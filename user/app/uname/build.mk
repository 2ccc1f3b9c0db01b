# uname: prints system names.
MUSL_PROGS += uname
MUSL_SRCS_uname := user/app/uname/uname.c user/app/common/util.c
MUSL_CFLAGS_uname := -Iuser/app/common
$(B)/user/bin/uname: user/app/common/util.h
