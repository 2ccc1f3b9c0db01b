# readonly
readonly A=1
B=2; readonly B
echo "$A $B"
( A=changed ) 2>/dev/null; echo "subshell status $?"
echo "A still $A"
readonly | grep -q "A" && echo listed
