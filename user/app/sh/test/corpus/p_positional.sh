# Positional parameters
set -- a "b c" d
echo $# $1 "$2" $3
echo "$@"
for x in "$@"; do echo "<$x>"; done
for x in $@; do echo "($x)"; done
set -- 1 2 3 4 5 6 7 8 9 10 11
echo $10 ${10} ${11}
