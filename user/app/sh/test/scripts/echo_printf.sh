# echo and printf
echo plain words
echo -n no-newline; echo
echo 'tab\there' 'nl\nhere'
echo 'stop\c' after
echo '\0101\0102'
printf '%s-%s\n' a b c d
printf '%d %i %x %X %o %u\n' 42 -7 255 255 8 3
printf '[%5s][%-5s][%.2s]\n' ab ab abcdef
printf '[%05d][%+d][%-4d]\n' 42 5 7
printf '%c%c\n' hello world
printf '%b\n' 'esc\taped'
printf 'no args %s|\n'
printf '%%literal\n'
printf '\101\102\n'
printf '%s\n' "multi word"
printf "%d\n" "'A"
printf '%*d|\n' 6 42
printf '%.3f\n' 3.14159
