# whoami: prints the user name.
MUSL_PROGS += whoami
MUSL_SRCS_whoami := user/app/whoami/whoami.c user/app/common/util.c
MUSL_CFLAGS_whoami := -Iuser/app/common
$(B)/user/bin/whoami: user/app/common/util.h
