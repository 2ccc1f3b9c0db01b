# exit in a subshell ends only the subshell
(exit 7; echo never)
echo "got $?"
( echo before; exit; echo never )
echo "got $?"
x=$(echo out; exit 4)
echo "$x $?"
