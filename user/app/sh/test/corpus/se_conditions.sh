# set -e does not apply in conditions, && || lists, or under !
set -e
if false; then :; fi
while false; do :; done
false || echo "or ok"
false && echo never
! true
echo "still running"
f() { false; echo "in f after false"; }
f || echo "f in condition"
echo end
