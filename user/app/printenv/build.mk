# printenv: prints the environment.
MUSL_PROGS += printenv
MUSL_SRCS_printenv := user/app/printenv/printenv.c user/app/common/util.c
MUSL_CFLAGS_printenv := -Iuser/app/common
$(B)/user/bin/printenv: user/app/common/util.h
