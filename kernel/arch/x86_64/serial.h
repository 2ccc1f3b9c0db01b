#pragma once
#include <stdbool.h>

/* COM1 16550 at 115200 8N1. */
void serial_init(void);
void serial_putc(char c);
/* Returns a received byte or -1 when none is waiting. */
int serial_getc(void);
