# Host tests of the command-line utilities (user/app/NAME/NAME.c, each with its own build.mk
# for CLUU): every utility is built with the host's gcc and run by test/test_coreutils.py.
COREUTILS := basename cat chmod chown clear cp cut date df dirname du echo env false find free \
	grep head hexdump hostname id kill ln ls mkdir mv printenv pwd rm rmdir seq sleep sort stat \
	sync tail tee touch tr true uname uniq wc which whoami xargs yes
COREUTILS_LIB := user/app/common/util.c user/app/common/copy.c
COREUTILS_HDRS := user/app/common/util.h user/app/common/copy.h
COREUTILS_HOST_CFLAGS := -std=c17 -Wall -Wextra -Werror -g -O1 -Iuser/app/common \
	-fsanitize=address,undefined -fno-sanitize-recover=all

COREUTILS_LIB_OBJS := $(patsubst user/app/common/%.c,$(B)/host/coreutils/lib/%.o,$(COREUTILS_LIB))

$(B)/host/coreutils/lib/%.o: user/app/common/%.c $(COREUTILS_HDRS)
	@mkdir -p $(@D)
	gcc $(COREUTILS_HOST_CFLAGS) -c -o $@ $<

define coreutil_host
$(B)/host/coreutils/$(1): user/app/$(1)/$(1).c $(COREUTILS_LIB_OBJS) $(COREUTILS_HDRS)
	gcc $(COREUTILS_HOST_CFLAGS) -o $$@ user/app/$(1)/$(1).c $(COREUTILS_LIB_OBJS)
endef
$(foreach p,$(COREUTILS),$(eval $(call coreutil_host,$(p))))

.PHONY: test-unit-coreutils
test-unit-coreutils: $(patsubst %,$(B)/host/coreutils/%,$(COREUTILS))
	@echo "unit: coreutils"
	/usr/bin/python3 user/app/common/test/test_coreutils.py $(B)/host/coreutils
TEST_UNIT_EXTRA += test-unit-coreutils
