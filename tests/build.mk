# Host unit tests (cmocka): pure kernel logic compiled for the host with sanitizers.
UNIT_TESTS := fmt bitmap cmdline acpi ksyms bootinfo elf rtc
UNIT_CFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -DHOST_TEST -Ikernel -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_SRCS_fmt := kernel/lib/fmt.c
UNIT_SRCS_bitmap := kernel/mm/bitmap.c
UNIT_SRCS_cmdline := kernel/core/cmdline.c
UNIT_SRCS_acpi := kernel/arch/x86_64/acpi_parse.c
UNIT_SRCS_ksyms := kernel/core/ksyms.c
UNIT_SRCS_bootinfo := kernel/core/bootinfo.c
UNIT_SRCS_elf := kernel/lib/elf.c
UNIT_SRCS_rtc := kernel/arch/x86_64/rtc_parse.c

define unit_rule
$(B)/tests/unit/$(1): tests/unit/test_$(1).c $(UNIT_SRCS_$(1))
	@mkdir -p $$(@D)
	gcc $(UNIT_CFLAGS) -o $$@ $$^ -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

test-unit: deps $(patsubst %,$(B)/tests/unit/%,$(UNIT_TESTS)) $(TEST_UNIT_EXTRA)
	@set -e; for t in $(UNIT_TESTS); do echo "unit: $$t"; $(B)/tests/unit/$$t; done
