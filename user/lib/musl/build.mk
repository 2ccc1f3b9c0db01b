# CLUU's C library: musl 1.2.3 from Debian's source package, patched by
# user/lib/musl/patches/*.patch, built once into a cached sysroot (scripts/musl/build.sh),
# and the x86_64-cluu-cc compiler driver (scripts/musl/mkwrapper.sh) that links programs
# against it with the libcluu glue: the translation of musl's Linux-numbered requests into
# CLUU's protocols (user/lib/musl/glue, docs/POSIX.md).
MUSL_SYSROOT := $(B)/sysroot
MUSL_CC := $(B)/bin/x86_64-cluu-cc
MUSL_GLUE := $(B)/musl/glue.o
MUSL_DEPS := scripts/musl/build.sh user/lib/musl/include/cluu_hooks.h \
	$(sort $(wildcard user/lib/musl/patches/*.patch))

# The glue: one relocatable object of its own files and the libcluu client stubs it calls
# (fsclient.c with the calling thread's IPC buffer, ipc.c for the pm_* stubs). Not the rest
# of libcluu: its malloc/free/calloc and the string functions of kernel/lib would clash with
# musl's; the glue provides slot_alloc/slot_free/slot_delete and thread_exit itself, and
# the stubs' memcpy/strlen come from musl.
MUSL_GLUE_SRCS := $(sort $(wildcard user/lib/musl/glue/*.c))
MUSL_GLUE_OBJS := $(patsubst user/lib/musl/glue/%.c,$(B)/musl/glue/%.o,$(MUSL_GLUE_SRCS)) \
	$(B)/musl/glue/libcluu-fsclient.o $(B)/musl/glue/libcluu-ipc.o
MUSL_GLUE_CFLAGS = $(UCFLAGS) -Iuser/lib/musl/include -Iuser/lib/musl/glue

$(B)/musl/glue/%.o: user/lib/musl/glue/%.c $(B)/gen/user/syscall_stubs.h
	@mkdir -p $(@D)
	$(CC_K) $(MUSL_GLUE_CFLAGS) -c $< -o $@
$(B)/musl/glue/libcluu-fsclient.o: user/lib/libcluu/fsclient.c user/lib/musl/glue/ipcbuf.h \
		$(B)/gen/user/syscall_stubs.h
	@mkdir -p $(@D)
	$(CC_K) $(MUSL_GLUE_CFLAGS) -include user/lib/musl/glue/ipcbuf.h -c $< -o $@
$(B)/musl/glue/libcluu-ipc.o: user/lib/libcluu/ipc.c $(B)/gen/user/syscall_stubs.h
	@mkdir -p $(@D)
	$(CC_K) $(MUSL_GLUE_CFLAGS) -c $< -o $@
$(MUSL_GLUE): $(MUSL_GLUE_OBJS)
	$(LD_K) -r -o $@ $(MUSL_GLUE_OBJS)

$(MUSL_SYSROOT)/.stamp: $(MUSL_DEPS)
	sh scripts/musl/build.sh $(MUSL_SYSROOT)
	@touch $@

$(MUSL_CC): scripts/musl/mkwrapper.sh $(MUSL_SYSROOT)/.stamp $(MUSL_GLUE)
	sh scripts/musl/mkwrapper.sh $(MUSL_SYSROOT) $@ $(MUSL_GLUE)

.PHONY: musl
musl: $(MUSL_CC)

# Unit test: a printf program links into a static ET_EXEC at 0x400000 that the kernel's
# ELF check accepts, with the syscall instruction only in the glue.
$(B)/musl/test/hello: user/lib/musl/test/hello.c $(MUSL_CC)
	@mkdir -p $(@D)
	$(MUSL_CC) -std=c17 -O2 -Wall -Wextra -Werror -o $@ $<

$(B)/host/musl-elfcheck: user/lib/musl/test/elfcheck.c kernel/lib/elf.c kernel/lib/elf.h
	@mkdir -p $(@D)
	gcc -std=c17 -Wall -Wextra -Werror -O1 -DHOST_TEST -Ikernel -I. -o $@ \
		user/lib/musl/test/elfcheck.c kernel/lib/elf.c

.PHONY: test-unit-musl
test-unit-musl: $(B)/musl/test/hello $(MUSL_GLUE) $(B)/host/musl-elfcheck
	@echo "unit: musl"
	sh user/lib/musl/test/check_elf.sh $(B)/musl/test/hello $(MUSL_GLUE) $(B)/host/musl-elfcheck
TEST_UNIT_EXTRA += test-unit-musl

# Programs against musl: a build.mk adds NAME to MUSL_PROGS and lists MUSL_SRCS_NAME (and
# optionally MUSL_CFLAGS_NAME). Each becomes $(B)/user/bin/NAME and a boot module.
MUSL_CFLAGS := -std=c17 -O2 -g -Wall -Wextra -Werror
define musl_prog
$(B)/user/bin/$(1): $(MUSL_SRCS_$(1)) $(MUSL_CC)
	@mkdir -p $$(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) $(MUSL_CFLAGS_$(1)) -o $$@ $(MUSL_SRCS_$(1))
endef

include user/lib/musl/test/build.mk
