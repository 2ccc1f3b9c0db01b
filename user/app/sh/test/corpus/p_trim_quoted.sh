# Patterns in removal: quoted characters are literal
s='a*b*c'
echo "${s#*\*}" "${s#"a*"}" "${s%'*c'}"
x=aaa
echo "${x#a}" "${x##a}" "${x#*}" "${x##*}"
y=abcabc
echo "${y%b*}" "${y%%b*}" "${y#?}" "${y#[ab]}"
