# sleep: waits.
MUSL_PROGS += sleep
MUSL_SRCS_sleep := user/app/sleep/sleep.c user/app/common/util.c
MUSL_CFLAGS_sleep := -Iuser/app/common
$(B)/user/bin/sleep: user/app/common/util.h
