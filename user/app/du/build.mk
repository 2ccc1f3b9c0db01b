# du: prints the disk space used by files and trees.
MUSL_PROGS += du
MUSL_SRCS_du := user/app/du/du.c user/app/common/util.c
MUSL_CFLAGS_du := -Iuser/app/common
$(B)/user/bin/du: user/app/common/util.h
