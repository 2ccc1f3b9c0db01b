# Assignment inside expressions
echo $((y = 5)) $y
echo $((y = y * 2 + 1)) $y
i=0
while [ $((i += 1)) -le 3 ]; do echo "iteration $i"; done
echo $((z = 4)) $((z)) $z
