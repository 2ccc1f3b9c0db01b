USER_PROGS += kuser
PROG_SRCS_kuser := user/test/kuser/harness.c user/test/kuser/untyped.c user/test/kuser/cspace.c user/test/kuser/thread.c user/test/kuser/endpoint.c user/test/kuser/notification.c user/test/kuser/vspace.c user/test/kuser/memory.c user/test/kuser/irq_ioport.c user/test/kuser/futex_clock.c user/test/kuser/badptr.c user/test/kuser/fuzz.c
