# Backslash outside quotes
echo \a\b\c
echo a\ b
echo \$HOME \" \' \\
echo one\
two
echo \*
x=\"; echo "$x"
