# Command substitution
echo "got: $(echo hello)"
echo "nested: $(echo $(echo deep))"
echo "backquote: `echo old style`"
x=$(printf 'a\nb\n\n\n')
echo "[$x]"
n=$(echo one two three | wc -w)
echo $((n + 0))
echo "$(case x in x) echo case-in-subst;; esac)"
y=$(exit 3)
echo "status $?"
echo $(for i in 1 2 3; do echo $i; done)
v=$(echo "a  b")
echo "$v" $v
echo "$(echo ')' )"
f() { echo "from function $1"; }
echo "$(f arg)"
