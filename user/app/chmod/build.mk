# chmod: changes file modes.
MUSL_PROGS += chmod
MUSL_SRCS_chmod := user/app/chmod/chmod.c user/app/common/util.c
MUSL_CFLAGS_chmod := -Iuser/app/common
$(B)/user/bin/chmod: user/app/common/util.h
