# Special parameters
set -- one "two three" four
echo $#
echo "$1|$2|$3"
for a in "$@"; do echo "[$a]"; done
for a in $@; do echo "<$a>"; done
for a in "$*"; do echo "{$a}"; done
IFS=:
echo "$*"
IFS=' 	
'
shift
echo "$# $1"
shift 2
echo "$#"
set --
for a in "$@"; do echo never; done
echo "none: $#"
false
echo "status $?"
true
echo "status $?"
test "$$" -gt 0 && echo pid-ok
sleep 0 &
test "$!" -gt 0 && echo bg-pid-ok
wait
echo "$0" | grep -q special && echo zero-ok
f() { echo "in f: $# $1"; }
f x y
echo "after f: $#"
