# ext2 file system library: portable C, linked into the vfs server; host tests with cmocka.
EXT2_SRCS := $(addprefix user/lib/ext2/,cache.c super.c alloc.c inode.c dir.c file.c namei.c)
EXT2_HDRS := user/lib/ext2/ext2.h user/lib/ext2/ext2_int.h user/lib/ext2/test/util.h
EXT2_TESTS := mount read write names model fuzz
EXT2_TCFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -I. -Iuser/lib/ext2 \
	-fsanitize=address,undefined -fno-sanitize-recover=all
EXT2_TOBJS := $(patsubst %.c,$(B)/tests/ext2/obj/%.o,$(notdir $(EXT2_SRCS) util.c))

$(B)/tests/ext2/obj/%.o: user/lib/ext2/%.c $(EXT2_HDRS)
	@mkdir -p $(@D)
	gcc $(EXT2_TCFLAGS) -c $< -o $@
$(B)/tests/ext2/obj/%.o: user/lib/ext2/test/%.c $(EXT2_HDRS)
	@mkdir -p $(@D)
	gcc $(EXT2_TCFLAGS) -c $< -o $@
$(B)/tests/ext2/%: $(B)/tests/ext2/obj/test_%.o $(EXT2_TOBJS)
	gcc $(EXT2_TCFLAGS) -o $@ $^ -lcmocka

.PRECIOUS: $(B)/tests/ext2/obj/%.o
.PHONY: test-unit-ext2
test-unit-ext2: $(patsubst %,$(B)/tests/ext2/%,$(EXT2_TESTS))
	@set -e; for t in $(EXT2_TESTS); do echo "unit: ext2 $$t"; $(B)/tests/ext2/$$t; done
TEST_UNIT_EXTRA += test-unit-ext2
