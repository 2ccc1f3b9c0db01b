# In-OS test of the C library (bootconf=libctest.conf; tests/system/test_libc.py), one file
# per area under libctest/. A boot module, so it runs without the user disk.
MUSL_PROGS += libctest
BOOT_MUSL_PROGS += libctest
MUSL_SRCS_libctest := $(sort $(wildcard user/lib/musl/test/libctest/*.c))
$(B)/user/bin/libctest: user/lib/musl/test/libctest/libctest.h
BOOT_FILES += user/lib/musl/test/libctest.conf user/lib/musl/test/libctty.conf
