# ?: and short-circuit do not evaluate the other branch
a=0
echo $((1 ? 5 : (a = 9))) $a
echo $((0 ? (a = 9) : 6)) $a
echo $((0 && (a = 9))) $a
echo $((1 || (a = 9))) $a
echo $((0 ? 1 : 0 ? 2 : 3))
echo $((1 ? 0 ? 7 : 8 : 9))
