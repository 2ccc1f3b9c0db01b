build-kuser/kernel/ksyms.c.o: build-kuser/kernel/ksyms.c
