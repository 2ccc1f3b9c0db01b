# printf conversions
printf '%s\n' hello
printf '%d %i\n' 42 -7
printf '%5s|%-5s|\n' ab cd
printf '%05d|%-4d|%+d\n' 42 7 3
printf '%x %X %o\n' 255 255 8
printf '%c%c\n' abc x
printf '%%\n'
printf 'no newline'; echo
