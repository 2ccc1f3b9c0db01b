# test syntax errors give status 2
[ 1 = ] 2>/dev/null; echo "missing operand $?"
[ 1 -eq 2 3 ] 2>/dev/null; echo "extra argument $?"
[ 1 = 1 2>/dev/null; echo "missing bracket $?"
test 1 -frob 2 2>/dev/null; echo "unknown operator $?"
