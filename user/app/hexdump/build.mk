# hexdump: dumps bytes in hex.
MUSL_PROGS += hexdump
MUSL_SRCS_hexdump := user/app/hexdump/hexdump.c user/app/common/util.c
MUSL_CFLAGS_hexdump := -Iuser/app/common
$(B)/user/bin/hexdump: user/app/common/util.h
