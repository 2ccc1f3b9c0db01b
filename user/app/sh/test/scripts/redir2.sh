# Redirection corner cases, big here-documents, substitutions
ls /nonexistent-zz 2>&1 >/dev/null | wc -l | tr -d ' '
{ echo a; echo b >&2; } 2>&1 | sort | tr '\n' ' '; echo
f() { echo "in f"; echo "f err" >&2; }
f > fout 2>&1
cat fout
big=$(i=0; while [ $i -lt 600 ]; do echo "line $i of the big here document"; i=$((i+1)); done)
cat <<EOF | wc -l | tr -d ' '
$big
EOF
x=$(cat <<EOF
inside subst
EOF
)
echo "$x"
echo "$(echo a; echo b)" | wc -l | tr -d ' '
exec 3>&1
echo to3 >&3
exec 3>&-
echo "x" > "file with space"
cat "file with space"
echo *space*
(exit 3) || echo "sub failed $?"
a=1; { a=2; }; echo $a
a=1; (a=2); echo $a
echo $(( $(echo 3) + 4 ))
n=0; for i in $(seq 1 5); do n=$((n+i)); done; echo $n
echo 'semi;colon' "amp&" pipe\|
i=0; until [ $i = 3 ]; do i=$((i+1)); done; echo until-$i
echo done
