# Functions and traps in subshells
f() { echo "f in $1"; }
( f sub )
( f() { echo redefined; }; f ); f parent
( trap 'echo sub-exit' EXIT; echo body )
echo after
