# touch: sets file times.
MUSL_PROGS += touch
MUSL_SRCS_touch := user/app/touch/touch.c user/app/common/util.c
MUSL_CFLAGS_touch := -Iuser/app/common
$(B)/user/bin/touch: user/app/common/util.h
