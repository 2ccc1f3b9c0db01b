# eval for indirect variables and building commands
a_1=first a_2=second
for i in 1 2; do eval "echo \$a_$i"; done
set -- x y z
eval "last=\${$#}"; echo "$last"
op='|'; eval "echo piped $op tr a-z A-Z"
eval 'f() { echo "defined by eval $1"; }'; f ok
