build-kuser/kernel/arch/x86_64/switch.S.o: kernel/arch/x86_64/switch.S
