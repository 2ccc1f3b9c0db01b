# Arithmetic results used as conditions
x=5
if [ $((x % 2)) -eq 1 ]; then echo odd; fi
[ $((x > 3)) = 1 ] && echo big
sum=0; i=1
while [ $i -le 10 ]; do sum=$((sum + i)); i=$((i + 1)); done
echo "sum $sum"
