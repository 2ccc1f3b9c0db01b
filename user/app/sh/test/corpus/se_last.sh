# set -e: the failing last command of an && list does not exit, of a plain list does
set -e
true && false
echo "after and-list"
{ echo group; false; }
echo never
