build-kuser/user/user/lib/libcluu/crt0.S.o: user/lib/libcluu/crt0.S
