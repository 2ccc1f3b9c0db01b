# Assignments before a command, expansion order
a=1 b=$a; echo "$b"
x=1; x=2 y=$x; echo "$y"
f() { echo "in f: $v"; }
v=temp f
echo "after f: ${v-unset}"
v=keep; v=over true; echo "$v"
