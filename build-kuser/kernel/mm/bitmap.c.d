build-kuser/kernel/mm/bitmap.c.o: kernel/mm/bitmap.c kernel/mm/bitmap.h

kernel/mm/bitmap.h:
