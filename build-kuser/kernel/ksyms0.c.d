build-kuser/kernel/ksyms0.c.o: build-kuser/kernel/ksyms0.c
