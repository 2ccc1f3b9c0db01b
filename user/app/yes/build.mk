# yes: repeats a line.
MUSL_PROGS += yes
MUSL_SRCS_yes := user/app/yes/yes.c user/app/common/util.c
MUSL_CFLAGS_yes := -Iuser/app/common
$(B)/user/bin/yes: user/app/common/util.h
