# tr: translates, deletes or squeezes bytes.
MUSL_PROGS += tr
MUSL_SRCS_tr := user/app/tr/tr.c user/app/common/util.c
MUSL_CFLAGS_tr := -Iuser/app/common
$(B)/user/bin/tr: user/app/common/util.h
