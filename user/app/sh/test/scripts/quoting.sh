# Quotes and backslashes
echo 'single $HOME "x"'
echo "double 'x' \$ \" \\ \`"
echo a\ b\	c
echo "a\nb" 'c\td'
x='  spaced   out  '
echo [$x]
echo ["$x"]
echo "" '' x
set -- "" ""
echo $#
echo "multi
line"
echo \
continued
echo "it's" 'say "hi"'
echo a"b"'c'd
echo "$(echo "inner \"quoted\"")"
