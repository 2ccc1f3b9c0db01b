# edit: a full-screen text editor (issue 13), portable POSIX C against musl.
EDIT_SRCS := user/app/edit/main.c user/app/edit/buffer.c user/app/edit/display.c \
	user/app/edit/input.c user/app/edit/syntax.c user/app/edit/fileio.c user/app/edit/undo.c \
	user/app/edit/utf8.c
EDIT_LIB_SRCS := user/app/edit/buffer.c user/app/edit/undo.c user/app/edit/utf8.c \
	user/app/edit/syntax.c user/app/edit/fileio.c
EDIT_HDRS := $(wildcard user/app/edit/*.h)
MUSL_PROGS += edit
MUSL_SRCS_edit := $(EDIT_SRCS)
$(B)/user/bin/edit: $(EDIT_HDRS)

# Host builds (gcc against the host C library) for the tests.
EDIT_HOST_CFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=all
$(B)/host/edit: $(EDIT_SRCS) $(EDIT_HDRS)
	@mkdir -p $(@D)
	gcc $(EDIT_HOST_CFLAGS) -o $@ $(EDIT_SRCS)

$(B)/host/test-edit: user/app/edit/test/test_units.c $(EDIT_LIB_SRCS) $(EDIT_HDRS)
	@mkdir -p $(@D)
	gcc $(EDIT_HOST_CFLAGS) -o $@ user/app/edit/test/test_units.c $(EDIT_LIB_SRCS)

# Unit tests of the buffer, UTF-8, undo, syntax and file code, then the editor on a pty.
.PHONY: test-unit-edit
test-unit-edit: $(B)/host/test-edit $(B)/host/edit
	@echo "unit: edit"
	ASAN_OPTIONS=detect_leaks=1 $(B)/host/test-edit
	/usr/bin/python3 user/app/edit/test/test_edit.py $(B)/host/edit
TEST_UNIT_EXTRA += test-unit-edit
