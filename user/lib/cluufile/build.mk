# Cluufile parser: one source shared by the OS and the host image builder.
CLUUFILE_SRCS := user/lib/cluufile/cluufile.c
CLUUFILE_HOST_CFLAGS := -std=c17 -Wall -Wextra -Werror -g -O2 -Ikernel -I. -Iuser/lib/cluufile
CLUUFILE_TEST_CFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -DHOST_TEST -Ikernel -I. \
	-Iuser/lib/cluufile -fsanitize=address,undefined -fno-sanitize-recover=all
CLUUFILE_DEPS := $(CLUUFILE_SRCS) user/lib/cluufile/cluufile.h kernel/lib/fmt.c

$(B)/host/cluufile-tool: user/lib/cluufile/tool.c $(CLUUFILE_DEPS)
	@mkdir -p $(@D)
	gcc $(CLUUFILE_HOST_CFLAGS) -o $@ user/lib/cluufile/tool.c $(CLUUFILE_SRCS) kernel/lib/fmt.c

$(B)/host/test-cluufile: user/lib/cluufile/test/test_cluufile.c $(CLUUFILE_DEPS)
	@mkdir -p $(@D)
	gcc $(CLUUFILE_TEST_CFLAGS) -o $@ user/lib/cluufile/test/test_cluufile.c \
		$(CLUUFILE_SRCS) kernel/lib/fmt.c -lcmocka

# Unit tests, then every Cluufile in the tree must pass the tool.
.PHONY: test-unit-cluufile
test-unit-cluufile: $(B)/host/test-cluufile $(B)/host/cluufile-tool
	@echo "unit: cluufile"
	$(B)/host/test-cluufile
	$(B)/host/cluufile-tool check containers/*/Cluufile
TEST_UNIT_EXTRA += test-unit-cluufile
