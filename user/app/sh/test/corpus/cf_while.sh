# while and until
i=0
while [ $i -lt 3 ]; do echo "w $i"; i=$((i + 1)); done
until [ $i -eq 0 ]; do echo "u $i"; i=$((i - 1)); done
while false; do :; done; echo "status $?"
n=0; while n=$((n + 1)); [ $n -le 2 ]; do echo "multi-cond $n"; done
j=0
while :
do
  j=$((j + 1))
  [ $j -ge 2 ] && break
done
echo "j=$j"
