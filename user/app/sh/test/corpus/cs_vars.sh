# Substitutions run in a subshell: assignments do not leak
x=outer
y=$(x=inner; echo $x)
echo $x $y
$(exit 0)
cd /; d=$(cd /tmp && pwd); echo "$PWD $d"
