# break and break N
for i in 1 2 3; do
  for j in a b c; do
    [ $j = b ] && break
    echo "$i$j"
  done
done
for i in 1 2 3; do
  for j in a b c; do
    [ $j = b ] && break 2
    echo "$i$j"
  done
done
echo "after $i $j"
while true; do while true; do break 5; done; done
echo "break more than depth"
