# test with integers
[ 3 -eq 3 ] && echo eq
[ 3 -ne 4 ] && echo ne
[ 2 -lt 3 ] && echo lt
[ 3 -le 3 ] && echo le
[ 4 -gt 3 ] && echo gt
[ 3 -ge 4 ] || echo "not ge"
[ -5 -lt 0 ] && echo negative
[ 010 -eq 10 ] && echo "decimal only"
[ abc -eq 1 ] 2>/dev/null; echo "bad integer $?"
