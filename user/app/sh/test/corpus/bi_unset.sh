# unset variables and functions
a=1; unset a; echo "${a-gone}"
f() { :; }; unset -f f; f 2>/dev/null || echo "function gone"
b=2; unset -v b; echo "${b-gone too}"
unset never_set; echo "unset of unset: $?"
readonly r=1; unset r 2>/dev/null; echo "readonly kept: $r"
