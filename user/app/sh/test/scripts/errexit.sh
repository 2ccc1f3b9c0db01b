# set -e and set -x
set -e
false || echo "or protects"
if false; then echo no; fi
! true
false && echo no
echo "still running"
set -x
echo traced
set +x
f() { false; echo "not reached in f"; }
( f )
echo "subshell status $?"
false
echo "never printed"
