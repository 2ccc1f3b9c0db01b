# ${x=w} and ${x:=w} assign
unset a; e=
echo "${a=first}" "$a"
echo "${a=second}" "$a"
echo "${e=notused}" "[$e]"
echo "${e:=now}" "$e"
: ${b:=via-colon}
echo "$b"
