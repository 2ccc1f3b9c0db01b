# set -e inside a function
set -e
f() { echo "f start"; false; echo "f never"; }
f
echo never
