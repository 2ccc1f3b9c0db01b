# crun: runs a container image in the foreground (the shell's `container run`).
MUSL_PROGS += crun
MUSL_SRCS_crun := user/app/crun/crun.c
