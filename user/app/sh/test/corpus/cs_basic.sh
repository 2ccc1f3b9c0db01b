# $(...) and `...`
echo $(echo hello) `echo world`
x=$(printf 'a\nb\n\n\n')
echo "[$x]"
echo "$(echo one; echo two)"
echo $(echo one; echo two)
n=$(echo 5); echo $((n + 1))
