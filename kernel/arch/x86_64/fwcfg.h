#pragma once

/* Reads QEMU fw_cfg file name into buf; returns its length, or a negative error. */
int fwcfg_read_file(const char *name, char *buf, int max);
