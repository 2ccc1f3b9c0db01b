#pragma once
#include <stdbool.h>
#include <stddef.h>

/* Builds the kernel command line from Multiboot2 and QEMU fw_cfg "opt/cluu/cmdline". */
void cmdline_init(const char *mb2_cmdline);
const char *cmdline_get_all(void);
/* True when the word key or key=... appears in line. */
bool cmdline_has_in(const char *line, const char *key);
/* Copies the value of key=value into out; false when absent. */
bool cmdline_value_in(const char *line, const char *key, char *out, size_t n);
bool cmdline_has(const char *key);
bool cmdline_value(const char *key, char *out, size_t n);
