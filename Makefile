# CLUU top-level build. Non-recursive: each directory lists its sources in build.mk.
.DEFAULT_GOAL := all
B := build

CC_K := clang
LD_K := ld.lld
KCFLAGS := --target=x86_64-unknown-none-elf -std=c17 -ffreestanding -fno-pic -mcmodel=kernel \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx -fno-omit-frame-pointer \
	-fstack-protector-strong -mstack-protector-guard=global \
	-O2 -g -Wall -Wextra -Werror -Ikernel -I. -I$(B)/gen -MMD -MP
KASFLAGS := --target=x86_64-unknown-none-elf -Ikernel -I. -I$(B)/gen -MMD -MP

QEMU := qemu-system-x86_64
QEMU_MEM ?= 512M
OVMF_CODE := /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS := /usr/share/OVMF/OVMF_VARS_4M.fd
QEMU_FLAGS := -machine q35 -cpu max -accel tcg -m $(QEMU_MEM) -no-reboot \
	-cdrom $(B)/cluu.iso \
	-drive if=none,id=userdisk,file=$(B)/userdisk.img,format=raw \
	-device virtio-blk-pci,drive=userdisk \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
ifeq ($(UEFI),1)
QEMU_FLAGS += -drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
	-drive if=pflash,format=raw,file=$(B)/OVMF_VARS.fd
endif
ifeq ($(NOGRAPHIC),1)
QEMU_DISPLAY := -nographic
else ifneq ($(DISPLAY)$(WAYLAND_DISPLAY),)
QEMU_DISPLAY := -serial mon:stdio
else
QEMU_DISPLAY := -display none -serial mon:stdio
endif
ifneq ($(CMDLINE),)
QEMU_FLAGS += -fw_cfg name=opt/cluu/cmdline,string="$(CMDLINE)"
endif

include kernel/build.mk
include user/build.mk
# Libraries with their own host tests; each may add a phony target to TEST_UNIT_EXTRA.
-include user/lib/ext2/build.mk
-include user/lib/cluufile/build.mk
-include user/lib/vt/build.mk
-include user/lib/musl/build.mk
# Programs written against the C library (user/app/*, user/srv/* with a build.mk each).
-include $(sort $(wildcard user/app/*/build.mk user/srv/*/build.mk user/drv/*/build.mk))
include tests/build.mk
# Every build.mk has added its programs by now.
$(foreach p,$(USER_PROGS) $(DISK_NATIVE_PROGS),$(eval $(call user_prog,$(p))))
$(foreach p,$(MUSL_PROGS),$(eval $(call musl_prog,$(p))))
# Boot modules: the native programs and the C-library programs needed before the user disk
# is mounted (BOOT_MUSL_PROGS); every C-library program is installed in the disk's /bin, and
# so are the native programs in DISK_NATIVE_PROGS.
USER_BINS := $(patsubst %,$(B)/user/bin/%,$(USER_PROGS) $(BOOT_MUSL_PROGS))

KOBJS := $(patsubst %,$(B)/%.o,$(KERNEL_SRCS)) $(B)/gen/kernel/syscall_table.c.o

# System call numbers, kernel table and user stubs from one table.
GEN := $(B)/gen/abi/syscall_nr.h $(B)/gen/kernel/syscall_table.c $(B)/gen/user/syscall_stubs.h
$(GEN) &: abi/syscalls.tbl scripts/gen_syscalls.sh
	sh scripts/gen_syscalls.sh abi/syscalls.tbl $(B)/gen
$(B)/gen/kernel/%.c.o: $(B)/gen/kernel/%.c
	@mkdir -p $(@D)
	$(CC_K) $(KCFLAGS) -c $< -o $@

.PHONY: all deps iso run debug test test-unit test-system ktest bench clean
all: deps $(B)/cluu.iso $(B)/userdisk.img $(patsubst %,$(B)/user/bin/%,$(MUSL_PROGS))

deps:
	@sh scripts/deps.sh

$(B)/%.c.o: %.c $(GEN)
	@mkdir -p $(@D)
	$(CC_K) $(KCFLAGS) -c $< -o $@

$(B)/%.S.o: %.S $(GEN)
	@mkdir -p $(@D)
	$(CC_K) $(KASFLAGS) -c $< -o $@

# Two-pass link: the second pass carries the symbol table of the first. Only data follows
# .text, so function addresses are the same in both passes (checked below).
$(B)/kernel/ksyms0.c: scripts/gen_ksyms.sh
	@mkdir -p $(@D)
	sh scripts/gen_ksyms.sh - > $@
$(B)/kernel/pass1.elf: $(KOBJS) $(B)/kernel/ksyms0.c.o kernel/kernel.ld
	$(LD_K) -T kernel/kernel.ld -nostdlib -z max-page-size=4096 -o $@ $(KOBJS) $(B)/kernel/ksyms0.c.o
$(B)/kernel/ksyms.c: $(B)/kernel/pass1.elf scripts/gen_ksyms.sh
	sh scripts/gen_ksyms.sh $< > $@
$(B)/kernel/%.c.o: $(B)/kernel/%.c
	$(CC_K) $(KCFLAGS) -c $< -o $@
$(B)/cluu.elf: $(B)/kernel/pass1.elf $(B)/kernel/ksyms.c.o
	$(LD_K) -T kernel/kernel.ld -nostdlib -z max-page-size=4096 -o $@ $(KOBJS) $(B)/kernel/ksyms.c.o
	@sh scripts/gen_ksyms.sh $@ | cmp -s - $(B)/kernel/ksyms.c || \
		{ echo "ksyms: function addresses moved between link passes"; rm -f $@; exit 1; }

$(B)/iso/boot/grub/grub.cfg: scripts/mkgrubcfg.sh Makefile user/build.mk $(wildcard user/test/build.mk user/*/*/build.mk)
	@mkdir -p $(@D)
	sh scripts/mkgrubcfg.sh $(USER_PROGS) $(BOOT_MUSL_PROGS) $(notdir $(BOOT_FILES)) > $@
$(B)/cluu.iso: $(B)/cluu.elf $(B)/iso/boot/grub/grub.cfg $(USER_BINS) $(BOOT_FILES)
	cp $(B)/cluu.elf $(B)/iso/boot/cluu.elf
	cp $(USER_BINS) $(BOOT_FILES) $(B)/iso/boot/
	grub-mkrescue -o $@ $(B)/iso 2>$(B)/grub-mkrescue.log || { cat $(B)/grub-mkrescue.log; exit 1; }
iso: deps $(B)/cluu.iso

$(B)/userdisk.img: $(shell find rootfs -type f 2>/dev/null) scripts/mkuserdisk.sh \
		$(wildcard containers/*/Cluufile) $(B)/host/cluufile-tool \
		$(patsubst %,$(B)/user/bin/%,$(MUSL_PROGS) $(DISK_NATIVE_PROGS))
	sh scripts/mkuserdisk.sh $@ $(B)/host/cluufile-tool $(B)/user/bin $(MUSL_PROGS) \
		$(DISK_NATIVE_PROGS)

$(B)/OVMF_VARS.fd:
	cp $(OVMF_VARS) $@

run: all $(if $(filter 1,$(UEFI)),$(B)/OVMF_VARS.fd)
	$(QEMU) $(QEMU_FLAGS) $(QEMU_DISPLAY)

debug: all
	@echo "gdb: gdb $(B)/cluu.elf -ex 'target remote :1234'"
	$(QEMU) $(QEMU_FLAGS) $(QEMU_DISPLAY) -s -S

ktest: all
	$(QEMU) $(QEMU_FLAGS) -display none -serial stdio -fw_cfg name=opt/cluu/cmdline,string="ktest exit"; \
		test $$? -eq 1

test: all test-unit test-system
	@echo "make test: all suites passed"

test-system: all $(B)/OVMF_VARS.fd
	/usr/bin/python3 -m pytest -q -rA tests/system

bench: all
	/usr/bin/python3 bench/run.py

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
