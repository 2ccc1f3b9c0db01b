# dmesg: prints the kernel log through the log_read system call (the generated user stub),
# so it is built only for CLUU.
MUSL_PROGS += dmesg
MUSL_SRCS_dmesg := user/app/dmesg/dmesg.c user/app/common/util.c
MUSL_CFLAGS_dmesg := -Iuser/app/common -I. -I$(B)/gen
$(B)/user/bin/dmesg: user/app/common/util.h $(B)/gen/user/syscall_stubs.h
