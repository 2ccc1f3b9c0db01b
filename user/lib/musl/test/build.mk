# In-OS test of the C library (bootconf=libctest.conf; tests/system/test_libc.py). A boot
# module, so it runs without the user disk.
MUSL_PROGS += libctest
BOOT_MUSL_PROGS += libctest
MUSL_SRCS_libctest := user/lib/musl/test/libctest.c
BOOT_FILES += user/lib/musl/test/libctest.conf user/lib/musl/test/libctty.conf
