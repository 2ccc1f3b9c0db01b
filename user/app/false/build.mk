# false: fails.
MUSL_PROGS += false
MUSL_SRCS_false := user/app/false/false.c
