#pragma once
#include <stdint.h>

/* Block device protocol (virtio-blk driver; served to vfs). Sector size 512 bytes.
 *
 * Data moves through a shared memory object the client hands over once with BLK_SETUP
 * (mapped in both; the driver gives the device its physical addresses). Requests are calls;
 * the reply's word 0 is 0 or -errno (-EIO on a device error, -EINVAL out of range). */
#define BLK_SECTOR 512
#define BLK_INFO 0x300     /* -> 0, w1 = sectors, w2 = max sectors per request, w3 = 1 if
                              read-only */
#define BLK_SETUP 0x301    /* + 1 capability: memory object (READ|WRITE) of w0 pages -> 0;
                              it replaces any earlier buffer */
#define BLK_READ 0x302     /* w0 = first sector, w1 = count, w2 = byte offset in the buffer
                              -> 0 once the data is in the buffer */
#define BLK_WRITE 0x303    /* as BLK_READ, the data taken from the buffer; -> 0 once the
                              device has it */
#define BLK_FLUSH 0x304    /* -> 0 once written data is durable (virtio FLUSH) */
