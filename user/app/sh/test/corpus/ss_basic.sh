# Subshells do not change the parent
x=1
(x=2; echo "inside $x")
echo "outside $x"
(cd /; pwd)
pwd | grep -q / && echo "cwd kept"
(exit 3); echo "status $?"
( (echo nested) )
(set -- a b; echo $#); echo $#
