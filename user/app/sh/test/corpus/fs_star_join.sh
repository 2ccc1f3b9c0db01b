# Unquoted $* where no splitting happens is joined like "$*"
set -- a b c
IFS=:
x=$*; echo "$x"
y="$*"; echo "$y"
case $* in a:b:c) echo "case word joined" ;; esac
IFS=
z=$*; echo "$z"
unset IFS
w=$*; echo "$w"
