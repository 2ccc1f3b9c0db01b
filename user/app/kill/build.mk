# kill: sends signals.
MUSL_PROGS += kill
MUSL_SRCS_kill := user/app/kill/kill.c user/app/common/util.c
MUSL_CFLAGS_kill := -Iuser/app/common
$(B)/user/bin/kill: user/app/common/util.h
