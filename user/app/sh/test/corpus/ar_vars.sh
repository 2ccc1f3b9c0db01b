# Variables in arithmetic
a=6 b=7
echo $((a * b)) $(($a * $b)) $((a*b))
unset c; e=
echo $((c + 1)) $((e + 1))
n=010; echo $((n)) $((0x1f)) $((0X10))
x=3; echo $((x += 4)) $x
x=3; echo $((x -= 1)) $((x *= 5)) $((x /= 2)) $((x %= 4)) $x
x=1; echo $((x <<= 3)) $((x >>= 1)) $((x |= 1)) $((x &= 6)) $((x ^= 3)) $x
