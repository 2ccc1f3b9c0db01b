# set -e ends the script at a failing command
set -e
echo start
true
false
echo never
