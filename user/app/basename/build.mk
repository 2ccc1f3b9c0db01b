# basename: prints the last component of a path.
MUSL_PROGS += basename
MUSL_SRCS_basename := user/app/basename/basename.c user/app/common/util.c
MUSL_CFLAGS_basename := -Iuser/app/common
$(B)/user/bin/basename: user/app/common/util.h
