# Adjacent quoted and unquoted parts make one word
a=1
set -- 'x'"y"z$a"$a"'$a'
echo $# "$1"
set -- ""''""
echo $#
set -- "" '' x
echo $#
