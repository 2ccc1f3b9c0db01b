# Function exit status
f() { false; }
f; echo $?
g() { true; false; true; }
g; echo $?
h() { (exit 6); }
h; echo $?
k() { return; }
false; k; echo "return without arg: $?"
m() { false; return; }
m; echo "return keeps last: $?"
