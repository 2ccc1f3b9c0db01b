# Plain and braced parameters
name=world
echo hello $name ${name} "${name}s" ${name}s $names.
unset nothere
echo "[$nothere]" "[${nothere}]"
a=1 b=2
echo $a$b ${a}${b}
