# "$@" variations
set -- 'a b' c
for x in "$@"; do echo "[$x]"; done
for x in "x$@y"; do echo "<$x>"; done
for x in $@; do echo "($x)"; done
set --
set -- "$@"; echo "empty stays empty: $#"
f() { echo $#; }
f "$@"; f "$*"; f $*
