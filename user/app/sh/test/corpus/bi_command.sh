# command and command -v
f() { echo function; }
echo() { printf 'wrapped: %s\n' "$*"; }
echo hi
command echo direct
unset -f echo
command -v cd
command -v f
command -v nosuchthing_abc; echo "status $?"
command -v sh >/dev/null && echo "sh found"
