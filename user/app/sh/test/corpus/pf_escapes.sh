# Escapes in the format and %b
printf 'tab\there\n'
printf 'octal \101\102\n'
printf '%b\n' 'a\tb' 'c\nd'
printf '%b' 'stop\c never'; echo
printf 'back\\slash\n'
printf '%s\n' 'a\tb'
