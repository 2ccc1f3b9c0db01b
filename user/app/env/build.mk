# env: runs a command in a changed environment.
MUSL_PROGS += env
MUSL_SRCS_env := user/app/env/env.c user/app/common/util.c
MUSL_CFLAGS_env := -Iuser/app/common
$(B)/user/bin/env: user/app/common/util.h
