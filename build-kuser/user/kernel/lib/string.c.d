build-kuser/user/kernel/lib/string.c.o: kernel/lib/string.c \
  kernel/lib/string.h

kernel/lib/string.h:
