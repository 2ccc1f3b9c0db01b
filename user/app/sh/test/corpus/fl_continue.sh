# continue and continue N
for i in 1 2 3 4; do
  [ $((i % 2)) = 0 ] && continue
  echo "odd $i"
done
for i in 1 2; do
  for j in a b; do
    [ $j = a ] && continue 2
    echo never
  done
  echo never2
done
echo "i=$i"
n=0
while [ $n -lt 5 ]; do n=$((n + 1)); [ $n = 3 ] && continue; echo "n $n"; done
