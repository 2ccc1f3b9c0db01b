# The format is reused for extra arguments; missing ones are empty or zero
printf '%s-%s\n' a b c d e
printf '[%s]\n'
printf '%d|%s|\n' 1
printf 'x\n' extra args ignored
