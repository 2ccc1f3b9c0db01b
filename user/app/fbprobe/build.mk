# fbprobe: the framebuffer hand-over demonstration (native, libcluu); installed in /bin with
# its container (containers/fbprobe/Cluufile, PROFILE IPC DEVICE).
PROG_SRCS_fbprobe := user/app/fbprobe/fbprobe.c
DISK_NATIVE_PROGS += fbprobe
