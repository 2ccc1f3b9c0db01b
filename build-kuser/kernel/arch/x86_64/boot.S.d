build-kuser/kernel/arch/x86_64/boot.S.o: kernel/arch/x86_64/boot.S
