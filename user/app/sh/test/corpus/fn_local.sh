# local variables
x=global
f() { local x=local; echo "in f $x"; g; }
g() { echo "in g $x"; }
f
echo "after $x"
h() { local y; y=set; echo "h $y"; }
unset y; h; echo "y=${y-unset}"
k() { local x; x=changed-in-k; }
k; echo "$x"
