# ${x-w} ${x:-w} with unset, empty and set values
unset u; e=; s=set
echo "${u-dflt}" "${e-dflt}" "${s-dflt}"
echo "${u:-dflt}" "${e:-dflt}" "${s:-dflt}"
echo "${u-$s}" "${u:-"quoted word"}"
echo ${u:-a   b}
echo "$u" "${u-}"
