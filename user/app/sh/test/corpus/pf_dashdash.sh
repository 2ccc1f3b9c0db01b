# printf -- and formats starting with a dash
printf -- '-%s-\n' x
printf -- '%d\n' 5
printf '%s\n' -- -n
