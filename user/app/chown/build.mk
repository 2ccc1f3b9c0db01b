# chown: changes file owners.
MUSL_PROGS += chown
MUSL_SRCS_chown := user/app/chown/chown.c user/app/common/util.c
MUSL_CFLAGS_chown := -Iuser/app/common
$(B)/user/bin/chown: user/app/common/util.h
