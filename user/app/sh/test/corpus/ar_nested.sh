# Nested expansions in arithmetic
n=4
echo $(( $(echo 3) + n ))
echo $(( ${n} * ${n:-1} ))
echo $(( $((n + 1)) * 2 ))
set -- 10 20
echo $(( $1 + $2 )) $(( $# * 3 ))
