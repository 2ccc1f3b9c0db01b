# true: succeeds.
MUSL_PROGS += true
MUSL_SRCS_true := user/app/true/true.c
