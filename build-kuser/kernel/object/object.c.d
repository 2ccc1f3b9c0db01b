build-kuser/kernel/object/object.c.o: kernel/object/object.c \
  kernel/object/object.h abi/cap.h kernel/object/untyped.h \
  kernel/core/panic.h kernel/core/hot.h kernel/mm/heap.h

kernel/object/object.h:

abi/cap.h:

kernel/object/untyped.h:

kernel/core/panic.h:

kernel/core/hot.h:

kernel/mm/heap.h:
