# Terminal emulation core for the console server: vt state machine, PSF2 font, framebuffer
# renderer, set-1 keymap. Portable C, host tests with cmocka.
VT_SRCS := $(addprefix user/lib/vt/,vt.c parse.c psf.c render.c keymap.c)
VT_HDRS := $(addprefix user/lib/vt/,vt.h vt_int.h psf.h render.h keymap.h) user/lib/vt/test/util.h
VT_TESTS := vt render keymap
VT_TCFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -I. -Iuser/lib/vt \
	-fsanitize=address,undefined -fno-sanitize-recover=all
VT_FONT := $(B)/font/terminus16.psf
# A 16x32 font too, so the tests cover glyphs wider than a byte.
VT_FONT32 := $(B)/tests/vt/terminus32x16.psf
VT_OBJS := $(patsubst user/lib/vt/%.c,$(B)/tests/vt/obj/%.o,$(VT_SRCS))
# The library must also build freestanding, against a string.h that declares only these.
VT_FREE := $(B)/tests/vt/free
VT_FREE_OBJS := $(patsubst user/lib/vt/%.c,$(VT_FREE)/%.o,$(VT_SRCS))

$(VT_FONT): scripts/mkfont.sh
	sh scripts/mkfont.sh $@
$(VT_FONT32): scripts/mkfont.sh
	sh scripts/mkfont.sh $@ /usr/share/consolefonts/Uni2-Terminus32x16.psf.gz

$(B)/tests/vt/obj/%.o: user/lib/vt/%.c $(VT_HDRS)
	@mkdir -p $(@D)
	gcc $(VT_TCFLAGS) -c $< -o $@
$(B)/tests/vt/obj/test_%.o: user/lib/vt/test/test_%.c $(VT_HDRS)
	@mkdir -p $(@D)
	gcc $(VT_TCFLAGS) -c $< -o $@
$(B)/tests/vt/%: $(B)/tests/vt/obj/test_%.o $(VT_OBJS)
	gcc $(VT_TCFLAGS) -o $@ $^ -lcmocka

$(VT_FREE)/include/string.h: user/lib/vt/build.mk
	@mkdir -p $(@D)
	printf '#pragma once\n#include <stddef.h>\nvoid *memcpy(void *, const void *, size_t);\nvoid *memmove(void *, const void *, size_t);\nvoid *memset(void *, int, size_t);\nsize_t strlen(const char *);\n' > $@
$(VT_FREE)/%.o: user/lib/vt/%.c $(VT_HDRS) $(VT_FREE)/include/string.h
	$(CC_K) --target=x86_64-unknown-none-elf -std=c17 -ffreestanding -nostdlibinc \
		-isystem $(VT_FREE)/include -O2 -Wall -Wextra -Werror -I. -c $< -o $@

.PRECIOUS: $(B)/tests/vt/obj/%.o $(B)/tests/vt/obj/test_%.o
.PHONY: test-unit-vt
test-unit-vt: $(patsubst %,$(B)/tests/vt/%,$(VT_TESTS)) $(VT_FONT) $(VT_FONT32) $(VT_FREE_OBJS)
	@$(LD_K) -r -o $(VT_FREE)/all.o $(VT_FREE_OBJS)
	@bad=$$(nm -u $(VT_FREE)/all.o | awk '{print $$2}' | sort -u | \
		grep -vxE 'memcpy|memmove|memset|strlen' || true); \
	if [ -n "$$bad" ]; then echo "vt: freestanding objects need: $$bad"; exit 1; fi
	@set -e; for t in $(VT_TESTS); do echo "unit: vt $$t"; $(B)/tests/vt/$$t $(VT_FONT) $(VT_FONT32); done
TEST_UNIT_EXTRA += test-unit-vt
