# ${x+w} and ${x:+w}
unset u; e=; s=val
echo "[${u+alt}]" "[${e+alt}]" "[${s+alt}]"
echo "[${u:+alt}]" "[${e:+alt}]" "[${s:+alt}]"
echo "[${s:+$s-$s}]"
