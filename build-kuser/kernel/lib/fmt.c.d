build-kuser/kernel/lib/fmt.c.o: kernel/lib/fmt.c kernel/lib/fmt.h

kernel/lib/fmt.h:
