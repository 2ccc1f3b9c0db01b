# Special characters inside quotes are literal
echo "a;b" 'c|d' "e&f" 'g>h' "(i)" '{j}'
echo "#not a comment" x#y
echo a #comment
echo "*" '?' "[a]"
