# set -C (noclobber) and set -a (allexport)
set -C
echo first > f
echo second > f
echo "clobber refused $?"
cat f
echo third >| f
cat f
echo to-null > /dev/null && echo "devices are fine"
set +C
echo fourth > f; cat f
set -a
auto=exported
$SH -c 'echo "child sees ${auto-nothing}"'
set +a
manual=kept
$SH -c 'echo "child sees ${manual-nothing}"'
