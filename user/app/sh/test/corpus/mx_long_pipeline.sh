# Longer pipelines and builtins inside them
seq_to() { i=1; while [ $i -le $1 ]; do echo $i; i=$((i + 1)); done; }
seq_to 20 | grep 1 | sort -rn | head -n 3 | tr '\n' ' '; echo
echo a b c | { read x y z; echo $z $y $x; } | tr a-z A-Z
x=outer; echo inner | read x; echo "$x"
