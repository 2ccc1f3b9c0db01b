# Empty expansions disappear unquoted, stay quoted
e=
set -- $e
echo $#
set -- "$e"
echo $#
set -- $e x $e "$e"
echo $#
for w in $e a $e b; do echo "[$w]"; done
