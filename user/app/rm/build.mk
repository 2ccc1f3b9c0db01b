# rm: removes files.
MUSL_PROGS += rm
MUSL_SRCS_rm := user/app/rm/rm.c user/app/common/util.c
MUSL_CFLAGS_rm := -Iuser/app/common
$(B)/user/bin/rm: user/app/common/util.h
