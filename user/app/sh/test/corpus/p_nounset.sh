# set -u
set -u
x=1
echo "$x"
echo "${u-default}"
( echo "$u" ) 2>/dev/null
echo "status $?"
set +u
echo "[$u]"
