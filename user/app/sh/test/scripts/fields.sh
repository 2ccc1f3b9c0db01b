# Field splitting, "$@", quoting inside expansions
set -- "a b" "" c
printf '<%s>' "$@"; echo
printf '<%s>' "x$@y"; echo
printf '<%s>' $@; echo
printf '<%s>' "${@}"; echo
printf '<%s>' "$*"; echo
set --
printf '<%s>' "$@" x; echo
printf '<%s>' "${1-def}"; echo
unset x
printf '<%s>' ${x:-"a b"} ${x:-a b}; echo
echo $((1+(2*3))) $(( (1) ))
y="a:b::c"
IFS=:
printf '<%s>' $y; echo
IFS=' :'
z=" a : b "
printf '<%s>' $z; echo
unset IFS
printf '<%s>' $z; echo
echo "${x:-$(echo sub)}" "${x:-'q'}"
echo ${#}
v='$HOME'
echo "$v" $v
echo "a\$b" 'a\$b'
echo `echo \`echo nested\``
echo $(echo "$(echo "deep quote")")
w=`echo "x  y"`; echo "$w"
case "a*b" in "a*b") echo literal-star;; esac
case "axb" in "a*b") echo wrong;; a*b) echo glob-star;; esac
x=foo; case $x in f"o"*) echo mixed;; esac
echo "${x%"o"}" ${x#f}
for i in "$@"; do echo never; done; echo ok
echo 'a'"b"\c$x"${x}"
