# Double quotes: expansions happen, most backslashes stay
v='a  b'
echo "$v" "[$v]" "${v}x"
echo "\$v \`x\` \"q\" \\ \a \n"
echo "tab	inside"
echo "$(echo "nested  quotes")"
echo "a'b'c"
echo "" | wc -c
