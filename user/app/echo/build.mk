# echo: writes its arguments.
MUSL_PROGS += echo
MUSL_SRCS_echo := user/app/echo/echo.c user/app/common/util.c
MUSL_CFLAGS_echo := -Iuser/app/common
$(B)/user/bin/echo: user/app/common/util.h
