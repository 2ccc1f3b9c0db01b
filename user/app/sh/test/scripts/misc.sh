# Assignments, comments, pwd/cd, long pipelines, special cases
a=1 b=2 c=$((a+b))
echo $a $b $c # trailing comment
echo not#comment
# a whole comment line
x=one
x=$x-two
echo $x
empty=
echo "[${empty}]"
cd /
pwd
cd /tmp
cd -
echo "$OLDPWD"
cd
[ "$(pwd)" = "$HOME" ] && echo home-ok
seq 1 100 | grep 5 | wc -l | tr -d ' '
i=0; while :; do i=$((i+1)); [ $i -ge 1000 ] && break; done; echo $i
v="a b c"
set -- $v
echo $#
IFS=,
w="x,y,,z"
set -- $w
echo $#
IFS=' 	
'
echo "${#v}"
: > f1; : > f2
echo f*
echo "$(pwd | wc -l | tr -d ' ')"
{ echo grouped; }
echo "status in expansion: $(false; echo $?)"
