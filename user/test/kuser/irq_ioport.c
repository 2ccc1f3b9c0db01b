/* I/O ports and interrupts. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define IO BOOT_CAP_IOPORT

static long port_in(cap_t io, uint64_t port, uint64_t width)
{
    return invoke2(io, IOPORT_IN, port, width);
}

static long port_out(cap_t io, uint64_t port, uint64_t width, uint64_t v)
{
    return invoke3(io, IOPORT_OUT, port, width, v);
}

static long cmos_read(uint8_t reg)
{
    long r = port_out(IO, 0x70, 1, reg);
    return r < 0 ? r : port_in(IO, 0x71, 1);
}

static long cmos_write(uint8_t reg, uint8_t v)
{
    long r = port_out(IO, 0x70, 1, reg);
    return r < 0 ? r : port_out(IO, 0x71, 1, v);
}

static void t_io_read_keyboard_status(void)
{
    long v = port_in(IO, 0x64, 1);
    CHECK(v >= 0 && v <= 0xFF);
    /* 16 and 32-bit reads are within range too. */
    CHECK(port_in(IO, 0x60, 2) >= 0);
    long d = port_in(IO, 0xCFC, 4);
    CHECK(d >= 0 && (unsigned long)d <= 0xFFFFFFFFul);
}

static void t_io_read_cmos_clock(void)
{
    long b = cmos_read(0x0B);
    CHECK(b >= 0 && b <= 0xFF);
    long sec = cmos_read(0x00), min = cmos_read(0x02), hour = cmos_read(0x04);
    CHECK(sec >= 0 && min >= 0 && hour >= 0);
    if (b & 4) { /* binary */
        CHECK(sec < 60);
        CHECK(min < 60);
    } else { /* BCD */
        CHECK((sec & 0xF) < 10 && (sec >> 4) < 6);
        CHECK((min & 0xF) < 10 && (min >> 4) < 6);
    }
    /* The seconds counter moves (busy-polled: the RTC may run on host time while the guest
     * clock does not, e.g. under -icount). */
    uint64_t end = (uint64_t)sys_clock() + 20 * SEC;
    long s2 = sec;
    while (s2 == sec && (uint64_t)sys_clock() < end) {
        sys_yield();
        s2 = cmos_read(0x00);
    }
    CHECK(s2 != sec);
}

static void t_io_out_post_port(void)
{
    CHECK_EQ(port_out(IO, 0x80, 1, 0x42), 0);
    CHECK_EQ(port_out(IO, 0x80, 2, 0x4242), 0);
}

static void t_io_bad_width(void)
{
    static const uint64_t w[] = {0, 3, 5, 8, ~0ull};
    for (unsigned i = 0; i < sizeof w / sizeof w[0]; i++) {
        CHECK_EQ(port_in(IO, 0x64, w[i]), -EINVAL);
        CHECK_EQ(port_out(IO, 0x80, w[i], 0), -EINVAL);
    }
}

static void t_io_port_range_top(void)
{
    CHECK(port_in(IO, 0xFFFF, 1) >= 0);
    CHECK_EQ(port_in(IO, 0xFFFF, 2), -EPERM);
    CHECK_EQ(port_in(IO, 0xFFFD, 4), -EPERM);
    CHECK_EQ(port_in(IO, 0x10000, 1), -EPERM);
    CHECK_EQ(port_in(IO, ~0ull, 1), -EPERM);
    CHECK_EQ(port_in(IO, ~0ull - 1, 4), -EPERM);
    CHECK_EQ(port_out(IO, 0x1000000F4ull, 1, 0), -EPERM); /* would alias the exit port */
}

static void t_io_issue_subrange(void)
{
    cap_t s = kt_slot();
    CHECK_OK(invoke3(IO, IOPORT_ISSUE, 0x70, 2, s));
    CHECK_EQ(cap_type(s), OBJ_IOPORT);
    CHECK_EQ(cap_rights(s), RIGHT_ALL);
    CHECK_OK(invoke3(s, IOPORT_OUT, 0x70, 1, 0x0B));
    CHECK(invoke2(s, IOPORT_IN, 0x71, 1) >= 0);
    CHECK_EQ(invoke2(s, IOPORT_IN, 0x72, 1), -EPERM);
    CHECK_EQ(invoke2(s, IOPORT_IN, 0x6F, 1), -EPERM);
    CHECK_EQ(invoke2(s, IOPORT_IN, 0x64, 1), -EPERM);
    CHECK_EQ(invoke2(s, IOPORT_IN, 0x71, 2), -EPERM);
    CHECK_EQ(invoke2(s, IOPORT_IN, 0x70, 4), -EPERM);
    CHECK_EQ(invoke3(s, IOPORT_OUT, 0xF4, 1, 0), -EPERM);
    CHECK(invoke2(s, IOPORT_IN, 0x70, 2) >= 0);
}

static void t_io_issue_out_of_range(void)
{
    cap_t s = kt_slot(), d = kt_slot();
    CHECK_OK(invoke3(IO, IOPORT_ISSUE, 0x60, 5, s));
    CHECK_EQ(invoke3(s, IOPORT_ISSUE, 0x60, 6, d), -EPERM);
    CHECK_EQ(invoke3(s, IOPORT_ISSUE, 0x5F, 2, d), -EPERM);
    CHECK_EQ(invoke3(s, IOPORT_ISSUE, 0x70, 1, d), -EPERM);
    CHECK_EQ(invoke3(s, IOPORT_ISSUE, 0x64, ~0ull, d), -EPERM);
    CHECK_EQ(invoke3(IO, IOPORT_ISSUE, 0xFFFF, 2, d), -EPERM);
    CHECK_EQ(invoke3(IO, IOPORT_ISSUE, ~0ull, 2, d), -EPERM);
    CHECK_EQ(cap_type(d), OBJ_NULL);
    CHECK_OK(invoke3(s, IOPORT_ISSUE, 0x64, 1, d));
    CHECK(invoke2(d, IOPORT_IN, 0x64, 1) >= 0);
    CHECK_EQ(invoke2(d, IOPORT_IN, 0x60, 1), -EPERM);
}

static void t_io_issue_errors(void)
{
    CHECK_EQ(invoke3(IO, IOPORT_ISSUE, 0x70, 2, BOOT_CAP_THREAD), -EEXIST);
    CHECK_EQ(invoke3(IO, IOPORT_ISSUE, 0x70, 2, 4096), -EBADF);
    CHECK_EQ(invoke3(IO, IOPORT_ISSUE, 0x70, 2, 0), -EBADF);
    cap_t nc = copy_cap(IO, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(nc);
    cap_t d = kt_slot();
    CHECK_EQ(invoke3(nc, IOPORT_ISSUE, 0x70, 2, d), -EPERM);
    CHECK_EQ(cap_type(d), OBJ_NULL);
}

static void t_io_rights(void)
{
    cap_t nr = copy_cap(IO, RIGHT_ALL & ~RIGHT_READ);
    cap_t nw = copy_cap(IO, RIGHT_ALL & ~RIGHT_WRITE);
    CHECK(nr && nw);
    CHECK_EQ(port_in(nr, 0x64, 1), -EPERM);
    CHECK_EQ(port_out(nw, 0x80, 1, 0), -EPERM);
    CHECK(port_in(nw, 0x64, 1) >= 0);
    CHECK_EQ(port_out(nr, 0x80, 1, 0), 0);
}

static void t_io_issued_rights_not_above_parent(void)
{
    cap_t p = copy_cap(IO, RIGHT_READ | RIGHT_CONTROL);
    CHECK(p);
    cap_t d = kt_slot();
    CHECK_OK(invoke3(p, IOPORT_ISSUE, 0x80, 1, d));
    CHECK_EQ(cap_rights(d) & RIGHT_WRITE, 0);
    CHECK_EQ(port_out(d, 0x80, 1, 1), -EPERM);
    CHECK(port_in(d, 0x80, 1) >= 0);
}

static void t_io_issued_cap_is_revocable(void)
{
    cap_t p = copy_cap(IO, RIGHT_ALL);
    CHECK(p);
    cap_t d = kt_slot();
    CHECK_OK(invoke3(p, IOPORT_ISSUE, 0x80, 1, d));
    cap_t d2 = copy_cap(d, RIGHT_ALL);
    CHECK(d2);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, p));
    CHECK_EQ(cap_type(d), OBJ_NULL);
    CHECK_EQ(cap_type(d2), OBJ_NULL);
    CHECK(port_in(p, 0x80, 1) >= 0);
}

static void t_io_wrong_type_and_method(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    CHECK_EQ(port_in(ep, 0x64, 1), -EINVAL);
    CHECK_EQ(port_out(BOOT_CAP_VSPACE, 0x80, 1, 0), -EINVAL);
    CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, IOPORT_ISSUE, 0x70, 2, kt_slot()), -EINVAL);
    CHECK_EQ(invoke0(IO, 0x703), -EINVAL);
    CHECK_EQ(invoke0(IO, 0x6FF), -EINVAL);
}

/* ---- interrupts ---- */

#define SPARE_IRQ 7 /* parallel port: nothing uses it */

static void t_irq_get_and_release(void)
{
    cap_t q = kt_slot();
    CHECK_OK(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, SPARE_IRQ, q));
    CHECK_EQ(cap_type(q), OBJ_IRQ);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, q));
    /* Deleting it releases the line for a new owner. */
    CHECK_OK(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, SPARE_IRQ, q));
    CHECK_EQ(cap_type(q), OBJ_IRQ);
}

static void t_irq_control_bad_lines(void)
{
    cap_t q = kt_slot();
    static const uint64_t bad[] = {2, 16, 17, 255, 1ull << 40, ~0ull};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, bad[i], q), -EINVAL);
    CHECK_EQ(cap_type(q), OBJ_NULL);
}

static void t_irq_control_errors(void)
{
    CHECK_EQ(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, SPARE_IRQ, BOOT_CAP_THREAD), -EEXIST);
    CHECK_EQ(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, SPARE_IRQ, 4096), -EBADF);
    cap_t nc = copy_cap(BOOT_CAP_IRQ_CONTROL, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(nc);
    cap_t q = kt_slot();
    CHECK_EQ(invoke2(nc, IRQ_CONTROL_GET, SPARE_IRQ, q), -EPERM);
    CHECK_EQ(cap_type(q), OBJ_NULL);
    CHECK_EQ(invoke2(BOOT_CAP_IRQ_CONTROL, 0x605, SPARE_IRQ, q), -EINVAL);
    CHECK_EQ(invoke2(BOOT_CAP_IRQ_CONTROL, 0x5FF, SPARE_IRQ, q), -EINVAL);
    CHECK_EQ(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_ACK, 0, 0), -EINVAL);
    CHECK_EQ(invoke2(BOOT_CAP_IOPORT, IRQ_CONTROL_GET, SPARE_IRQ, q), -EINVAL);
    /* The line is still free. */
    CHECK_OK(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, SPARE_IRQ, q));
}

static void t_irq_set_notification_errors(void)
{
    cap_t q = kt_slot();
    CHECK_OK(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, SPARE_IRQ, q));
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(n && ep);
    cap_t nw = copy_cap(n, RIGHT_ALL & ~RIGHT_WRITE);
    cap_t qc = copy_cap(q, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(nw && qc);
    CHECK_EQ(invoke2(q, IRQ_SET_NOTIFICATION, SLOT_SCRATCH, 1), -EBADF);
    CHECK_EQ(invoke2(q, IRQ_SET_NOTIFICATION, ep, 1), -EINVAL);
    CHECK_EQ(invoke2(q, IRQ_SET_NOTIFICATION, nw, 1), -EPERM);
    CHECK_EQ(invoke2(qc, IRQ_SET_NOTIFICATION, n, 1), -EPERM);
    CHECK_EQ(invoke0(qc, IRQ_ACK), -EPERM);
    CHECK_EQ(invoke0(q, 0x603), -EINVAL);
    CHECK_OK(invoke2(q, IRQ_SET_NOTIFICATION, n, 4));
    CHECK_OK(invoke0(q, IRQ_ACK));
    CHECK_OK(invoke2(q, IRQ_SET_NOTIFICATION, 0, 0));
    /* Nothing fires on an unused line. */
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), -EAGAIN);
}

/* Busy-polls a notification (the RTC may run on host time while the guest clock does not). */
static long poll_bits(cap_t n, uint64_t ns)
{
    uint64_t end = (uint64_t)sys_clock() + ns;
    for (;;) {
        long r = sys_wait(n, TIMEOUT_POLL);
        if (r != -EAGAIN)
            return r;
        if ((uint64_t)sys_clock() > end)
            return -ETIMEDOUT;
        sys_yield();
    }
}

static void t_irq_rtc_periodic_interrupt(void)
{
    cap_t q = kt_slot();
    CHECK_OK(invoke2(BOOT_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, 8, q));
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_OK(invoke2(q, IRQ_SET_NOTIFICATION, n, 0x100));
    long a = cmos_read(0x0A), b = cmos_read(0x0B);
    CHECK(a >= 0 && b >= 0);
    /* 64 Hz periodic interrupts. */
    cmos_write(0x0A, (uint8_t)((a & 0xF0) | 0x0A));
    cmos_write(0x0B, (uint8_t)(b | 0x40));
    cmos_read(0x0C);
    long r1 = poll_bits(n, 10 * SEC);
    cmos_read(0x0C);
    /* The line stays masked until acknowledged (two periods and more). */
    long r2 = poll_bits(n, 100 * MS);
    long ack = invoke0(q, IRQ_ACK);
    long r3 = poll_bits(n, 10 * SEC);
    cmos_read(0x0C);
    /* Stop the RTC before checking anything. */
    cmos_write(0x0B, (uint8_t)(b & ~0x40));
    cmos_write(0x0A, (uint8_t)a);
    cmos_read(0x0C);
    invoke0(q, IRQ_ACK);
    CHECK_EQ(r1, 0x100);
    CHECK_EQ(r2, -ETIMEDOUT);
    CHECK_EQ(ack, 0);
    CHECK_EQ(r3, 0x100);
}

/* ---- device memory (IRQ_CONTROL_MMIO) ---- */

#define IRQC BOOT_CAP_IRQ_CONTROL

static long mmio(uint64_t phys, uint64_t npages, cap_t dst)
{
    return invoke3(IRQC, IRQ_CONTROL_MMIO, phys, npages, dst);
}

static void t_mmio_framebuffer(void)
{
    if (!kt_bi->fb.phys)
        return;
    uint64_t phys = kt_bi->fb.phys & ~4095ul;
    cap_t m = kt_slot();
    CHECK_OK(mmio(phys, 2, m));
    CHECK_EQ(cap_type(m), OBJ_MEMORY);
    CHECK_EQ(cap_rights(m), RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT | RIGHT_CONTROL);
    CHECK_EQ(invoke0(m, MEMORY_INFO), 2);
    CHECK_EQ(invoke1(m, MEMORY_PHYS, 0), (long)phys);
    CHECK_EQ(invoke1(m, MEMORY_PHYS, 1), (long)phys + 4096);
    CHECK_EQ(invoke1(m, MEMORY_PHYS, 2), -EINVAL);
    /* The same pixels as through the boot framebuffer capability. */
    volatile uint32_t *a = (volatile uint32_t *)map_into(BOOT_CAP_VSPACE, m, 0, 2, PROT_R | PROT_W);
    volatile uint32_t *b =
        (volatile uint32_t *)map_into(BOOT_CAP_VSPACE, BOOT_CAP_FRAMEBUFFER, 0, 2, PROT_R | PROT_W);
    CHECK(a && b);
    uint32_t old = a[1024 + 5];
    a[1024 + 5] = 0x00C1005Bu;
    CHECK_EQ(b[1024 + 5], 0x00C1005Bu);
    a[1024 + 5] = old;
    /* Never executable. */
    CHECK_EQ(invoke5(BOOT_CAP_VSPACE, VSPACE_MAP, m, va_alloc(1), 0, 1, PROT_R | PROT_X), -EPERM);
}

static void t_mmio_refuses_ram(void)
{
    cap_t ram;
    uint64_t va = new_mapped(1, PROT_R | PROT_W, &ram);
    CHECK(va);
    long phys = invoke1(ram, MEMORY_PHYS, 0);
    CHECK(phys > 0);
    cap_t m = kt_slot();
    CHECK_EQ(mmio((uint64_t)phys, 1, m), -EPERM);
    /* A range that only ends in RAM, and one that starts before and ends after the page. */
    CHECK_EQ(mmio((uint64_t)phys - 4096 * 3, 4, m), -EPERM);
    CHECK_EQ(mmio((uint64_t)phys & ~0xFFFFFul, 512, m), -EPERM);
    CHECK_EQ(mmio(0, 1, m), -EPERM);          /* real-mode memory, firmware data */
    CHECK_EQ(mmio(0xB8000, 1, m), -EPERM);    /* the first MiB, devices or not */
    CHECK_EQ(mmio(0x100000, 1, m), -EPERM);   /* the kernel image */
    CHECK_EQ(mmio(0x200000, 16, m), -EPERM);
    CHECK_EQ(mmio(0xFEE00000, 1, m), -EPERM); /* local APIC */
    CHECK_EQ(mmio(0xFEEFF000, 1, m), -EPERM); /* MSI window */
    CHECK_EQ(mmio(0xFEC00000, 1, m), -EPERM); /* IOAPIC */
    CHECK_EQ(mmio(0xFEB00000, 0x1000, m), -EPERM); /* runs over the IOAPIC and the APIC */
    CHECK_EQ(cap_type(m), OBJ_NULL);
}

static void t_mmio_bad_ranges(void)
{
    cap_t m = kt_slot();
    uint64_t dev = kt_bi->fb.phys ? kt_bi->fb.phys & ~4095ul : 0xFD000000ul;
    CHECK_EQ(mmio(dev + 1, 1, m), -EINVAL);
    CHECK_EQ(mmio(dev + 0x800, 1, m), -EINVAL);
    CHECK_EQ(mmio(dev, 0, m), -EINVAL);
    CHECK_EQ(mmio(dev, 16385, m), -EINVAL);
    CHECK_EQ(mmio(dev, ~0ull, m), -EINVAL);
    CHECK_EQ(mmio(dev, 1ull << 52, m), -EINVAL);
    CHECK_EQ(mmio(0xFFFFFFFFFFFFF000ull, 2, m), -EINVAL); /* wraps */
    CHECK_EQ(mmio(0xFFFFFFFFFFFFF000ull, 1, m), -EINVAL); /* beyond the address width */
    CHECK_EQ(mmio(1ull << 52, 1, m), -EINVAL);
    CHECK_EQ(mmio(0x000FFFFFFFFFF000ull, 2, m), -EINVAL);
    CHECK_EQ(cap_type(m), OBJ_NULL);
    CHECK_OK(mmio(dev, 16, m));
}

static void t_mmio_errors(void)
{
    uint64_t dev = kt_bi->fb.phys ? kt_bi->fb.phys & ~4095ul : 0xFD000000ul;
    CHECK_EQ(mmio(dev, 1, BOOT_CAP_THREAD), -EEXIST);
    CHECK_EQ(mmio(dev, 1, 4096), -EBADF);
    CHECK_EQ(mmio(dev, 1, 0), -EBADF);
    cap_t nc = copy_cap(IRQC, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(nc);
    cap_t m = kt_slot();
    CHECK_EQ(invoke3(nc, IRQ_CONTROL_MMIO, dev, 1, m), -EPERM);
    CHECK_EQ(invoke3(nc, IRQ_CONTROL_MSI, m, 0, 0), -EPERM);
    CHECK_EQ(invoke3(BOOT_CAP_IOPORT, IRQ_CONTROL_MMIO, dev, 1, m), -EINVAL);
    CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, IRQ_CONTROL_MSI, m, 0, 0), -EINVAL);
    CHECK_EQ(cap_type(m), OBJ_NULL);
    /* Deleting the object leaves the device memory alone (no frames are freed). */
    CHECK_OK(mmio(dev, 1, m));
    uint64_t before = free_pages();
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    CHECK(free_pages() >= before && free_pages() <= before + 2); /* only heap pages */
}

/* The virtio-blk device's common configuration through its BAR: a real device register. */
static void t_mmio_pci_device_registers(void)
{
    cap_t io = kt_slot();
    CHECK_OK(invoke3(IO, IOPORT_ISSUE, 0xCF8, 8, io));
    uint32_t where = 0;
    for (uint32_t bdf = 0; bdf < 256 * 32 * 8 && !where; bdf += 1) {
        uint32_t a = 0x80000000u | bdf << 8;
        invoke3(io, IOPORT_OUT, 0xCF8, 4, a);
        long id = invoke2(io, IOPORT_IN, 0xCFC, 4);
        if (id == 0x10011AF4 || id == 0x10421AF4) {
            invoke3(io, IOPORT_OUT, 0xCF8, 4, a | 0x2C);
            if ((invoke2(io, IOPORT_IN, 0xCFC, 4) >> 16) == 2) /* subsystem: block */
                where = a;
        }
    }
    if (!where)
        FAIL("no virtio-blk device");
    /* Walk the capability list to the common configuration (vendor capability type 1). */
    invoke3(io, IOPORT_OUT, 0xCF8, 4, where | 0x34);
    uint32_t cap = (uint32_t)invoke2(io, IOPORT_IN, 0xCFC, 1) & 0xFC, bar = 0, off = 0;
    for (int guard = 0; cap && guard < 48; guard++) {
        invoke3(io, IOPORT_OUT, 0xCF8, 4, where | cap);
        uint32_t head = (uint32_t)invoke2(io, IOPORT_IN, 0xCFC, 4);
        if ((head & 0xFF) == 0x09 && (head >> 24) == 1) {
            invoke3(io, IOPORT_OUT, 0xCF8, 4, where | (cap + 4));
            bar = (uint32_t)invoke2(io, IOPORT_IN, 0xCFC, 1);
            invoke3(io, IOPORT_OUT, 0xCF8, 4, where | (cap + 8));
            off = (uint32_t)invoke2(io, IOPORT_IN, 0xCFC, 4);
            break;
        }
        cap = (head >> 8) & 0xFC;
    }
    CHECK(cap != 0);
    invoke3(io, IOPORT_OUT, 0xCF8, 4, where | (0x10 + 4 * bar));
    uint64_t base = (uint32_t)invoke2(io, IOPORT_IN, 0xCFC, 4);
    CHECK_EQ(base & 1, 0);
    if (((base >> 1) & 3) == 2) {
        invoke3(io, IOPORT_OUT, 0xCF8, 4, where | (0x14 + 4 * bar));
        base |= (uint64_t)invoke2(io, IOPORT_IN, 0xCFC, 4) << 32;
    }
    base = (base & ~0xFull) + off;
    cap_t m = kt_slot();
    CHECK_OK(mmio(base & ~0xFFFull, 1, m));
    volatile uint8_t *cc = (volatile uint8_t *)map_into(BOOT_CAP_VSPACE, m, 0, 1, PROT_R | PROT_W);
    CHECK(cc);
    cc += base & 0xFFF;
    /* device_feature_select = 1: VIRTIO_F_VERSION_1 is bit 0 of the high word. */
    *(volatile uint32_t *)cc = 1;
    CHECK_EQ(*(volatile uint32_t *)(cc + 4) & 1, 1);
    CHECK(*(volatile uint16_t *)(cc + 0x12) >= 1); /* num_queues */
}

/* ---- message-signalled interrupts (IRQ_CONTROL_MSI) ---- */

static long msi(cap_t dst, uint64_t out[4])
{
    return sys_invoke(IRQC, IRQ_CONTROL_MSI, dst, 0, 0, 0, 0, 0, out);
}

static void t_msi_get_and_release(void)
{
    uint64_t out[4], out2[4];
    cap_t q = kt_slot(), q2 = kt_slot();
    long v = msi(q, out);
    CHECK(v >= 0x40 && v < 0xF0);
    CHECK_EQ(cap_type(q), OBJ_IRQ);
    CHECK_EQ(cap_rights(q), RIGHT_ALL);
    CHECK_EQ(out[0] & ~0xFF000ull, 0xFEE00000ull); /* destination APIC id in bits 12..19 */
    CHECK_EQ(out[1], (uint64_t)v);                  /* fixed delivery, edge */
    long v2 = msi(q2, out2);
    CHECK(v2 >= 0 && v2 != v);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, q));
    /* The lowest free vector is handed out first: the one just released. */
    CHECK_EQ(msi(q, out), v);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_OK(invoke2(q, IRQ_SET_NOTIFICATION, n, 0x40));
    CHECK_OK(invoke0(q, IRQ_ACK));
    /* Nothing signals a vector no device uses. */
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), -EAGAIN);
    CHECK_OK(invoke2(q, IRQ_SET_NOTIFICATION, 0, 0));
    cap_t qc = copy_cap(q, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(qc);
    CHECK_EQ(invoke0(qc, IRQ_ACK), -EPERM);
    CHECK_EQ(invoke2(qc, IRQ_SET_NOTIFICATION, n, 1), -EPERM);
}

static void t_msi_errors(void)
{
    uint64_t out[4];
    CHECK_EQ(msi(BOOT_CAP_THREAD, out), -EEXIST);
    CHECK_EQ(msi(4096, out), -EBADF);
    CHECK_EQ(msi(0, out), -EBADF);
}

static void t_msi_exhaustion(void)
{
    uint64_t out[4];
    cap_t got[80];
    int n = 0;
    long r = 0;
    while (n < 80) {
        got[n] = kt_slot();
        CHECK(got[n]);
        r = msi(got[n], out);
        if (r < 0)
            break;
        n++;
    }
    CHECK_EQ(r, -EBUSY);
    CHECK(n >= 1 && n <= 64);
    CHECK_EQ(cap_type(got[n]), OBJ_NULL);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, got[n / 2]));
    CHECK(msi(got[n / 2], out) >= 0);
    CHECK_EQ(msi(got[n], out), -EBUSY);
}

const struct ktest_case irq_ioport_cases[] = {
    KCASE(io_read_keyboard_status),
    KCASE(io_read_cmos_clock),
    KCASE(io_out_post_port),
    KCASE(io_bad_width),
    KCASE(io_port_range_top),
    KCASE(io_issue_subrange),
    KCASE(io_issue_out_of_range),
    KCASE(io_issue_errors),
    KCASE(io_rights),
    KCASE(io_issued_rights_not_above_parent),
    KCASE(io_issued_cap_is_revocable),
    KCASE(io_wrong_type_and_method),
    KCASE(irq_get_and_release),
    KCASE(irq_control_bad_lines),
    KCASE(irq_control_errors),
    KCASE(irq_set_notification_errors),
    KCASE(irq_rtc_periodic_interrupt),
    KCASE(mmio_framebuffer),
    KCASE(mmio_refuses_ram),
    KCASE(mmio_bad_ranges),
    KCASE(mmio_errors),
    KCASE(mmio_pci_device_registers),
    KCASE(msi_get_and_release),
    KCASE(msi_errors),
    KCASE(msi_exhaustion),
};
KT_TABLE_END(irq_ioport)
