#pragma once
/* The IPC fastpath's code and data are packed together: under emulation every address-space
 * switch flushes the TLB, so each page the path touches costs a refill. */
#define __hot __attribute__((section(".text.hot")))
#define __hotdata __attribute__((section(".data.hot")))
