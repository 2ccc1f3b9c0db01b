# Numeric arguments: quotes give the character code, bad numbers are errors
printf '%d\n' "'A" '"a'
printf '%d\n' 0x10 010
printf '%.3d|%3.1s|\n' 5 abc
printf '%*d|%-*d|\n' 4 1 3 2
printf '%d\n' notanumber
echo "status $?"
