#pragma once

/* Stops the machine after printing the message, registers and backtrace. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* Starts a panic report: interrupts off, only the first CPU in prints. */
void panic_begin(void);
/* Ends a panic report and halts forever. */
__attribute__((noreturn)) void panic_end(void);

#define assert(c)                                                                                  \
    do {                                                                                           \
        if (!(c))                                                                                  \
            panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__);                         \
    } while (0)
