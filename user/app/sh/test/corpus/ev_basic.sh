# eval runs its arguments as shell input
eval echo hello
cmd='echo "quoted  spaces"'
eval "$cmd"
x=1; eval "x=\$((x + 1))"; echo $x
eval 'for i in 1 2; do echo "loop $i"; done'
var=name; eval "$var=value"; echo $name
eval ''; echo "empty eval $?"
eval false; echo "status $?"
