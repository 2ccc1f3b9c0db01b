# ps and top: processes from /proc (Linux's layouts), portable, tested on the host's /proc.
MUSL_PROGS += ps top
MUSL_SRCS_ps := user/app/ps/ps.c user/app/ps/procread.c
MUSL_SRCS_top := user/app/ps/top.c user/app/ps/procread.c

PS_HOST_FLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=all
$(B)/host/ps: user/app/ps/ps.c user/app/ps/procread.c user/app/ps/procread.h
	@mkdir -p $(@D)
	gcc $(PS_HOST_FLAGS) -o $@ user/app/ps/ps.c user/app/ps/procread.c
$(B)/host/top: user/app/ps/top.c user/app/ps/procread.c user/app/ps/procread.h
	@mkdir -p $(@D)
	gcc $(PS_HOST_FLAGS) -o $@ user/app/ps/top.c user/app/ps/procread.c

.PHONY: test-unit-ps
test-unit-ps: $(B)/host/ps $(B)/host/top
	@echo "unit: ps and top"
	/usr/bin/python3 user/app/ps/test/test_ps.py $(B)/host/ps $(B)/host/top
TEST_UNIT_EXTRA += test-unit-ps
