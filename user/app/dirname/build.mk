# dirname: prints a path without its last component.
MUSL_PROGS += dirname
MUSL_SRCS_dirname := user/app/dirname/dirname.c user/app/common/util.c
MUSL_CFLAGS_dirname := -Iuser/app/common
$(B)/user/bin/dirname: user/app/common/util.h
