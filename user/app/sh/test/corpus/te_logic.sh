# test with ! -a -o and parentheses
[ ! -e nothere ] && echo "not exists"
[ 1 = 1 -a 2 = 2 ] && echo and
[ 1 = 2 -o 2 = 2 ] && echo or
[ 1 = 2 -o 1 = 1 -a 2 = 3 ] || echo "and binds tighter"
[ \( 1 = 2 -o 1 = 1 \) -a 2 = 2 ] && echo parens
[ ! 1 = 2 ] && echo "negated compare"
test ! && echo "lone ! is a string"
