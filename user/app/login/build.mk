# login, su, sudo, passwd, useradd, userdel: accounts in /etc/{passwd,group,shadow}.
LOGIN_PROGS := login su sudo passwd useradd userdel
MUSL_PROGS += $(LOGIN_PROGS)
$(foreach p,$(LOGIN_PROGS),$(eval MUSL_SRCS_$(p) := user/app/login/$(p).c user/app/login/auth.c))
$(foreach p,$(LOGIN_PROGS),$(eval MUSL_CFLAGS_$(p) := -Iuser/app/login))

$(B)/host/test-auth: user/app/login/test/test_auth.c user/app/login/auth.c user/app/login/auth.h
	@mkdir -p $(@D)
	gcc -std=c17 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ user/app/login/test/test_auth.c user/app/login/auth.c \
		-lcmocka -lcrypt

.PHONY: test-unit-auth
test-unit-auth: $(B)/host/test-auth
	@echo "unit: auth"
	$(B)/host/test-auth
TEST_UNIT_EXTRA += test-unit-auth
