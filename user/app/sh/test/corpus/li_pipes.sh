# Pipelines: status is the last command's, ! negates
echo hello | tr h j
printf 'b\na\nc\n' | sort | head -n 2
false | true; echo "status $?"
true | false; echo "status $?"
! echo x | grep -q y; echo "negated $?"
echo abc | { read v; echo "read $v"; }
echo one two | while read a b; do echo "$b $a"; done
