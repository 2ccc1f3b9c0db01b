# Native user programs (no libc yet): each links crt0 + runtime + shared string/format code.
UCFLAGS := --target=x86_64-unknown-none-elf -std=c17 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -mno-red-zone -fno-omit-frame-pointer -O2 -g -Wall -Wextra -Werror \
	-I. -Ikernel -I$(B)/gen -Iuser/lib/libcluu -MMD -MP
LIBCLUU_SRCS := user/lib/libcluu/crt0.S user/lib/libcluu/runtime.c user/lib/libcluu/mem.c \
	user/lib/libcluu/ipc.c user/lib/libcluu/fsclient.c user/lib/libcluu/proc.c user/lib/libcluu/signal.c user/lib/libcluu/sigentry.S user/lib/libcluu/fb.c kernel/lib/elf.c kernel/lib/fmt.c kernel/lib/string.c
LIBCLUU_OBJS := $(patsubst %,$(B)/user/%.o,$(LIBCLUU_SRCS))

# Programs: name -> sources. Each becomes $(B)/user/bin/NAME and a boot module.
USER_PROGS := init procmgr hello ipcbench fbbench fsbench pmtest pmchild crasher
PROG_SRCS_init := user/srv/init/main.c user/srv/init/registry.c
PROG_SRCS_procmgr := user/srv/procmgr/main.c user/srv/procmgr/signal.c user/srv/procmgr/fork.c \
	user/srv/procmgr/shutdown.c user/srv/procmgr/container.c user/srv/procmgr/info.c user/lib/cluufile/cluufile.c
PROG_SRCS_hello := user/app/hello/hello.c
PROG_SRCS_pmtest := user/pmtest/pmtest.c
PROG_SRCS_pmchild := user/pmtest/pmchild.c
PROG_SRCS_crasher := user/pmtest/pmchild.c
PROG_SRCS_ipcbench := user/bench/ipcbench.c
PROG_SRCS_fbbench := user/bench/fbbench.c
PROG_SRCS_fsbench := user/bench/fsbench.c
ifneq ($(NO_KUSER),1)
-include user/test/build.mk
endif

$(B)/user/%.c.o: %.c $(B)/gen/user/syscall_stubs.h
	@mkdir -p $(@D)
	$(CC_K) $(UCFLAGS) -c $< -o $@
$(B)/user/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC_K) $(UCFLAGS) -c $< -o $@

define user_prog
$(B)/user/bin/$(1): $(patsubst %,$(B)/user/%.o,$(PROG_SRCS_$(1))) $(LIBCLUU_OBJS) user/user.ld
	@mkdir -p $$(@D)
	$(LD_K) -T user/user.ld -nostdlib -z max-page-size=4096 -o $$@ $(patsubst %,$(B)/user/%.o,$(PROG_SRCS_$(1))) $(LIBCLUU_OBJS)
endef

# Text files loaded as boot modules beside the programs (init's boot configurations).
BOOT_FILES := user/srv/init/boot.conf user/srv/init/rootshell.conf user/srv/init/containertest.conf \
	user/pmtest/pmtest.conf user/bench/bench.conf user/bench/fsbench.conf
