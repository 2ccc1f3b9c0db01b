# CLUU's C library: musl 1.2.3 from Debian's source package, patched by
# user/lib/musl/patches/*.patch, built once into a cached sysroot (scripts/musl/build.sh),
# and the x86_64-cluu-cc compiler driver (scripts/musl/mkwrapper.sh) that links programs
# against it with the libcluu glue (for now the stub user/lib/musl/glue_stub.c).
MUSL_SYSROOT := $(B)/sysroot
MUSL_CC := $(B)/bin/x86_64-cluu-cc
MUSL_GLUE := $(B)/musl/glue_stub.o
MUSL_DEPS := scripts/musl/build.sh user/lib/musl/include/cluu_hooks.h \
	$(sort $(wildcard user/lib/musl/patches/*.patch))

$(MUSL_SYSROOT)/.stamp: $(MUSL_DEPS)
	sh scripts/musl/build.sh $(MUSL_SYSROOT)
	@touch $@

# The glue is freestanding, built like libcluu.
$(MUSL_GLUE): user/lib/musl/glue_stub.c $(B)/gen/user/syscall_stubs.h
	@mkdir -p $(@D)
	$(CC_K) $(UCFLAGS) -Iuser/lib/musl/include -c $< -o $@

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
