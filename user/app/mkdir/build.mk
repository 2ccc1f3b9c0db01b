# mkdir: creates directories.
MUSL_PROGS += mkdir
MUSL_SRCS_mkdir := user/app/mkdir/mkdir.c user/app/common/util.c
MUSL_CFLAGS_mkdir := -Iuser/app/common
$(B)/user/bin/mkdir: user/app/common/util.h
