# set, export, unset, shift, readonly
x=1
export x
sh_child=$($SH -c 'echo "child sees x=$x"')
echo "$sh_child"
y=2
echo "$($SH -c 'echo "child sees y=${y:-unset}"')"
export z=3
$SH -c 'echo "z=$z"'
unset x
echo "x=${x:-unset}"
TMPV=only-for-child $SH -c 'echo "TMPV=$TMPV"'
echo "TMPV=${TMPV:-unset}"
set -- a b c d
echo "$@"
shift 2
echo "$@"
set -- "with space" x
echo "$1"
readonly ro=fixed
( ro=changed; echo "not reached" ) 2>/dev/null
echo "assigning a read-only variable ends the subshell: $?"
echo "ro=$ro"
set -u
( echo $undefined_var ) 2>/dev/null || echo "nounset error"
set +u
echo "${undefined_var:-fine}"
echo "$-" | grep -q u && echo "u still set" || echo "u cleared"
