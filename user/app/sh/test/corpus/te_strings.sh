# test with strings
[ abc = abc ] && echo eq
[ abc != abd ] && echo ne
[ -n "x" ] && echo nonempty
[ -z "" ] && echo empty
[ "x" ] && echo "one arg"
[ "" ] || echo "empty one arg"
[ ] || echo "no args false"
test abc \< abd && echo less
test b \> a && echo greater
[ "-n" = "-n" ] && echo "dash strings compare"
