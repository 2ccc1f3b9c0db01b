# Tilde expansion
HOME=/home/someone
echo ~ ~/ ~/dir
echo "~" '~' \~
x=~; echo $x
echo a~b ~x~ >/dev/null
echo ~/a:~/b
