#!/usr/bin/env python3
"""mkshadow.py OUT: /etc/shadow for the default image. root is locked (no password login;
admin uses sudo); admin/admin and guest/guest are hashed here, on the host, as sha512crypt
with 100,000 rounds and fresh salts, so no clear-text password enters the image."""
import os
import sys
import time
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt  # Debian 12's Python 3.11 has it (libcrypt's sha512crypt)

B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def sha512crypt(password):
    salt = "".join(B64[b % 64] for b in os.urandom(16))
    h = crypt.crypt(password, f"$6$rounds=100000${salt}$")
    if not h or not h.startswith("$6$rounds=100000$"):
        sys.exit("mkshadow: the host's crypt() cannot do sha512crypt")
    return h


day = int(time.time() // 86400)
lines = [
    f"root:*:{day}:0:99999:7:::",
    f"admin:{sha512crypt('admin')}:{day}:0:99999:7:::",
    f"guest:{sha512crypt('guest')}:{day}:0:99999:7:::",
]
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
os.chmod(sys.argv[1], 0o600)
