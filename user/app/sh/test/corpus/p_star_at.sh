# "$*" joins with the first IFS character, "$@" keeps words
set -- a 'b c' d
echo "$*"
IFS=:
echo "$*"
IFS=
echo "$*"
unset IFS
echo "$*"
set --
for x in "$@"; do echo never; done
echo "[$*]" $#
