# Functions, return, recursion
greet() {
    echo "hello $1"
}
greet you
add() { echo $(($1 + $2)); }
echo "sum $(add 2 3)"
ret() { return $1; }
ret 7
echo "returned $?"
early() {
    echo start
    return
    echo never
}
early
fact() {
    if [ $1 -le 1 ]; then echo 1; return; fi
    echo $(( $1 * $(fact $(($1 - 1))) ))
}
echo "fact $(fact 6)"
counter=0
inc() { counter=$((counter + 1)); }
inc; inc; inc
echo "counter $counter"
args() { echo "$#: $*"; shift; echo "after shift: $*"; }
args a b c
echo "outer args: $#"
loopret() { for i in 1 2 3; do [ $i = 2 ] && return 5; done; }
loopret
echo "loop return $?"
redef() { echo first; }
redef() { echo second; }
redef
unset -f redef
redef 2>/dev/null || echo "unset function"
f() { echo "f prefix var: $PV"; }
PV=temp f
echo "after: ${PV:-unset}"
g() ( echo "subshell body"; exit 3 )
g
echo "g $?"
