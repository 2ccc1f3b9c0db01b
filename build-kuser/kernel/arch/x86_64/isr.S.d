build-kuser/kernel/arch/x86_64/isr.S.o: kernel/arch/x86_64/isr.S
