# pwd: prints the working directory.
MUSL_PROGS += pwd
MUSL_SRCS_pwd := user/app/pwd/pwd.c user/app/common/util.c
MUSL_CFLAGS_pwd := -Iuser/app/common
$(B)/user/bin/pwd: user/app/common/util.h
