# procfs: /proc (native, libcluu), a remote file system of vfs; the text generators' host
# unit tests.
USER_PROGS += procfs
PROG_SRCS_procfs := $(addprefix user/srv/procfs/,main.c node.c gen.c)

PROCFS_TCFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -I. -Ikernel -Iuser/srv/procfs \
	-fsanitize=address,undefined -fno-sanitize-recover=all

$(B)/tests/procfs/gen: user/srv/procfs/test/test_gen.c user/srv/procfs/gen.c user/srv/procfs/gen.h \
		kernel/lib/fmt.c
	@mkdir -p $(@D)
	gcc $(PROCFS_TCFLAGS) -o $@ user/srv/procfs/test/test_gen.c user/srv/procfs/gen.c \
		kernel/lib/fmt.c -lcmocka

.PHONY: test-unit-procfs
test-unit-procfs: $(B)/tests/procfs/gen
	@echo "unit: procfs text generators"
	$(B)/tests/procfs/gen
TEST_UNIT_EXTRA += test-unit-procfs
