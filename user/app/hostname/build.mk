# hostname: prints the host name.
MUSL_PROGS += hostname
MUSL_SRCS_hostname := user/app/hostname/hostname.c user/app/common/util.c
MUSL_CFLAGS_hostname := -Iuser/app/common
$(B)/user/bin/hostname: user/app/common/util.h
