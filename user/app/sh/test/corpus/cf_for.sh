# for loops
for i in a b c; do echo $i; done
for i in; do echo never; done
echo "after empty list, i=$i"
set -- x y
for p; do echo "param $p"; done
for p
do
  echo "again $p"
done
for f in "a b" c; do echo "[$f]"; done
for i in 1 2 3
do echo "n $i"; done
