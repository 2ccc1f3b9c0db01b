# tty: the terminal server (native, libcluu): COM1 as /dev/ttyS0 and the framebuffer
# terminals /dev/tty1.. (console.c, over user/lib/vt) with the one line discipline, its in-OS
# client and the line discipline's host unit tests.
USER_PROGS += tty ttytest
PROG_SRCS_tty := $(addprefix user/srv/tty/,main.c serial.c ldisc.c console.c font.S) \
	$(addprefix user/lib/vt/,vt.c parse.c psf.c render.c keymap.c)
PROG_SRCS_ttytest := user/srv/tty/test/ttytest.c
# The terminal library builds against the small string.h it is checked with; the font is
# built into the server.
VT_USER_OBJS := $(patsubst %,$(B)/user/%.o,$(addprefix user/lib/vt/,vt.c parse.c psf.c render.c \
	keymap.c))
$(VT_USER_OBJS): $(VT_FREE)/include/string.h
$(VT_USER_OBJS): UCFLAGS += -isystem $(VT_FREE)/include
$(B)/user/user/srv/tty/font.S.o: $(VT_FONT)
$(B)/user/user/srv/tty/font.S.o: UCFLAGS += -DCONSOLE_FONT='"$(VT_FONT)"'
BOOT_FILES += user/srv/tty/ttytest.conf user/srv/tty/ttyvfs.conf

TTY_TCFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -I. -Iuser/srv/tty \
	-fsanitize=address,undefined -fno-sanitize-recover=all

$(B)/tests/tty/ldisc: user/srv/tty/test/test_ldisc.c user/srv/tty/ldisc.c user/srv/tty/ldisc.h \
		abi/proto/tty.h
	@mkdir -p $(@D)
	gcc $(TTY_TCFLAGS) -o $@ user/srv/tty/test/test_ldisc.c user/srv/tty/ldisc.c -lcmocka

# The line discipline must build freestanding with no outside calls but these.
$(B)/tests/tty/ldisc-free.o: user/srv/tty/ldisc.c user/srv/tty/ldisc.h abi/proto/tty.h
	@mkdir -p $(@D)
	$(CC_K) --target=x86_64-unknown-none-elf -std=c17 -ffreestanding -fno-builtin -O2 \
		-Wall -Wextra -Werror -I. -c $< -o $@

.PHONY: test-unit-tty
test-unit-tty: $(B)/tests/tty/ldisc $(B)/tests/tty/ldisc-free.o
	@bad=$$(nm -u $(B)/tests/tty/ldisc-free.o | awk '{print $$2}' | \
		grep -vxE 'memcpy|memmove|memset' || true); \
	if [ -n "$$bad" ]; then echo "ldisc: uses outside functions: $$bad"; exit 1; fi
	@echo "unit: tty ldisc"
	$(B)/tests/tty/ldisc
TEST_UNIT_EXTRA += test-unit-tty
