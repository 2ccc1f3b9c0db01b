# Quotes inside command substitution inside quotes
echo "$(echo 'in single' "in double")"
echo "$(echo "$(echo deep)")"
x="$(printf '%s\n' 'a b' 'c')"
echo "$x"
echo `echo back\`tick\``
