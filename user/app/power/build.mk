# poweroff and reboot (one source), and the shutdown test.
USER_PROGS += poweroff reboot powertest
PROG_SRCS_poweroff := user/app/power/power.c
PROG_SRCS_reboot := user/app/power/power.c
PROG_SRCS_powertest := user/app/power/powertest.c
BOOT_FILES += user/app/power/powertest.conf user/app/power/reboottest.conf
