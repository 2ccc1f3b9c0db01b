# Parameter expansion forms
unset u
e=
v=value
echo "${u:-dflt} ${e:-dflt} ${e-dflt} ${v:-dflt}"
echo "${u:+alt} ${v:+alt} ${e+set}"
echo "${u:=assigned} $u"
echo "${#v} ${#u}"
path=/usr/local/lib/file.tar.gz
echo "${path#*/} ${path##*/} ${path%.*} ${path%%.*}"
echo "${v#val} ${v%ue} ${v#nomatch}"
echo ${v}x $v"x"
( : ${nope?is missing} ) 2>/dev/null || echo "error branch taken"
n=12
echo "$((n + 1))" ${n}0
echo "${HOME:+home-set}"
q='*'
echo "${q}" "${v#"v"}"
echo ${v:-"a b"} "${u-x}"
