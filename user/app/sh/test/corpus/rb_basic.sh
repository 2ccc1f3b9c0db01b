# read splits into variables, the last one takes the rest
printf 'one two three four\n' > in
read a b c < in; echo "[$a][$b][$c]"
read a < in; echo "[$a]"
printf '  lead  and trail  \n' | { read x; echo "[$x]"; }
printf 'a:b:c\n' | { IFS=: read p q r; echo "$p-$q-$r"; }
