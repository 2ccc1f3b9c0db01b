"""Boots CLUU in QEMU and drives its serial console with pexpect."""
import os
import shutil
import socket
import tempfile
import time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("CLUU_BUILD", "build"))
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"


class Machine:
    """One QEMU guest: serial console on stdio (self.con), HMP monitor on a unix socket."""

    def __init__(self, firmware="bios", cmdline="", timeout=60, memory="512M", disk=None):
        """disk: a user disk image to use and change (default: the build's, in a snapshot)."""
        self.tmp = tempfile.mkdtemp(prefix="cluu-test-")
        self.monitor_path = os.path.join(self.tmp, "monitor.sock")
        args = [
            "-machine", "q35", "-cpu", "max", "-accel", "tcg", "-m", memory,
            "-no-reboot", "-display", "none", "-serial", "stdio",
            "-monitor", f"unix:{self.monitor_path},server,nowait",
            "-cdrom", os.path.join(BUILD, "cluu.iso"),
            "-drive", f"if=none,id=userdisk,file={disk},format=raw" if disk else
            f"if=none,id=userdisk,file={os.path.join(BUILD, 'userdisk.img')},format=raw,snapshot=on",
            "-device", "virtio-blk-pci,drive=userdisk",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        ]
        if firmware == "uefi":
            vars_copy = os.path.join(self.tmp, "OVMF_VARS.fd")
            shutil.copy(OVMF_VARS, vars_copy)
            args += ["-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
                     "-drive", f"if=pflash,format=raw,file={vars_copy}"]
        if cmdline:
            args += ["-fw_cfg", f"name=opt/cluu/cmdline,string={cmdline}"]
        self.log_path = os.path.join(self.tmp, "serial.log")
        self.log = open(self.log_path, "w")
        self.started = time.monotonic()
        self.con = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8",
                                 codec_errors="replace", timeout=timeout)
        self.con.logfile_read = self.log

    def expect(self, pattern, timeout=None):
        """Waits for pattern on the serial console (timeout None: the machine's default,
        never forever); returns the match object."""
        self.con.expect(pattern, timeout=-1 if timeout is None else timeout)
        return self.con.match

    def monitor(self, command):
        """Runs one HMP monitor command and returns its output."""
        s = socket.socket(socket.AF_UNIX)
        s.connect(self.monitor_path)
        s.settimeout(5)
        time.sleep(0.2)
        s.recv(65536)
        s.sendall((command + "\n").encode())
        time.sleep(0.5)
        out = s.recv(65536).decode(errors="replace")
        s.close()
        return out

    def wait_exit(self, timeout=60):
        """Waits for QEMU to end; returns its exit status."""
        self.con.expect(pexpect.EOF, timeout=timeout)
        self.con.close()
        return self.con.exitstatus

    def output(self):
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def close(self):
        if self.con.isalive():
            self.con.terminate(force=True)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
