# xargs: builds command lines from its input and runs them (limited to what procmgr's
# exec request carries, abi/proto/procmgr.h).
MUSL_PROGS += xargs
MUSL_SRCS_xargs := user/app/xargs/xargs.c user/app/common/util.c
MUSL_CFLAGS_xargs := -Iuser/app/common -I. -DCLUU_ABI
$(B)/user/bin/xargs: user/app/common/util.h
