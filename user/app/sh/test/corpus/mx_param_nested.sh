# Nested parameter expansions and quoting inside them
unset u
v=val
echo "${u:-${v}}" "${u:-"${v} x"}" ${u:-'single $v'}
echo "${u:-a}b" ${u-"}"}
echo "${v:+"[$v]"}"
echo ${u:-$(echo sub)}
x="${u:-a b}"; echo "$x"
set -- ${u:-one two}; echo $#
set -- "${u:-one two}"; echo $#
