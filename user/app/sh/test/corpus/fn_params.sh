# Positional parameters are saved around calls
set -- outer1 outer2
f() { echo "in f: $1 $#"; set -- changed; echo "after set: $1"; }
f inner
echo "back: $1 $2 $#"
g() { shift; echo "shifted: $*"; }
g 1 2 3
echo "still: $*"
