# CLUU shell: a POSIX sh subset with job control, line editing and CLUU builtins.
SH_SRCS := user/app/sh/main.c user/app/sh/lex.c user/app/sh/parse.c user/app/sh/expand.c user/app/sh/arith.c \
	user/app/sh/exec.c user/app/sh/builtins.c user/app/sh/bi_util.c user/app/sh/jobs.c \
	user/app/sh/edit.c user/app/sh/vars.c
SH_HDRS := $(wildcard user/app/sh/*.h)
MUSL_PROGS += sh
MUSL_SRCS_sh := $(SH_SRCS)
$(B)/user/bin/sh: $(SH_HDRS)

# Host build (gcc against the host C library) for the tests.
SH_HOST_CFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=all
$(B)/host/sh: $(SH_SRCS) $(SH_HDRS)
	@mkdir -p $(@D)
	gcc $(SH_HOST_CFLAGS) -o $@ $(SH_SRCS)

.PHONY: test-unit-sh
test-unit-sh: $(B)/host/sh
	@echo "unit: sh"
	sh user/app/sh/test/run_scripts.sh $(B)/host/sh user/app/sh/test/scripts
	/usr/bin/python3 user/app/sh/test/run_diff.py $(B)/host/sh dash user/app/sh/test/scripts \
		user/app/sh/test/corpus
	/usr/bin/python3 user/app/sh/test/test_interactive.py $(B)/host/sh
TEST_UNIT_EXTRA += test-unit-sh
