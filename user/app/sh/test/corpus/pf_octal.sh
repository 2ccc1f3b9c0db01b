# Octal escapes in formats, %b and echo
printf '\101\102\n'
printf '%b\n' '\0101' '\101' '\01011'
echo '\0101' '\101'
printf '\0\n' | wc -c
