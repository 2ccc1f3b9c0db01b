# local, getopts, command, and words expanded exactly once
x=global
f() {
    local x=inner y
    y=set-in-f
    echo "in f: $x $y"
    g
}
g() { echo "g sees: $x"; }
f
echo "after f: $x ${y:-unset}"
rec() {
    local n=$1
    [ "$n" -gt 0 ] || return 0
    rec $((n - 1))
    echo "level $n"
}
rec 3
parse() {
    OPTIND=1
    while getopts ab:c opt "$@"; do
        case $opt in
        a) echo "flag a" ;;
        b) echo "b with $OPTARG" ;;
        c) echo "flag c" ;;
        ?) echo "bad option" ;;
        esac
    done
    shift $((OPTIND - 1))
    echo "rest: $*"
}
parse -a -b val -ac file1 file2
parse -bjoined -- -notopt
parse -x 2>/dev/null
parse
echo() { printf 'function echo: %s\n' "$*"; }
echo hi
command echo real echo
unset -f echo
command -v cd
command -v no-such-cmd-zz || echo "not found"
n=0
true $((n += 1))
ls /dev/null$(echo x >&2) 2>/dev/null
echo "expanded once: $n"
