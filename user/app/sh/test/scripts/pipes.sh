# Pipelines and their status
echo one two | tr a-z A-Z
printf 'c\nb\na\n' | sort | head -n 2
echo x | cat | cat | cat
false | true
echo "status $?"
true | false
echo "status $?"
! true
echo "negated $?"
! false | false
echo "negated pipe $?"
echo builtin | read v
echo "subshell read: ${v:-unset}"
f() { while read l; do echo "f:$l"; done; }
printf '1\n2\n' | f
echo abc | { read x; echo "group $x"; }
