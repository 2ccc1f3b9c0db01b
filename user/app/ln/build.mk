# ln: makes links.
MUSL_PROGS += ln
MUSL_SRCS_ln := user/app/ln/ln.c user/app/common/util.c
MUSL_CFLAGS_ln := -Iuser/app/common
$(B)/user/bin/ln: user/app/common/util.h
