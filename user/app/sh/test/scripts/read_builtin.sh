# read
echo "one two three four" | { read a b rest; echo "[$a][$b][$rest]"; }
echo "  lead   trail  " | { read x; echo "[$x]"; }
echo 'back\slash' | { read -r r; echo "[$r]"; }
echo 'back\slash' | { read r; echo "[$r]"; }
printf 'a:b:c\n' | { IFS=: read p q r; echo "$p $q $r"; }
printf 'line1\nline2\n' > in.txt
while read line; do echo "got $line"; done < in.txt
printf 'no newline' | { read v; echo "status $? [$v]"; }
: | { read v; echo "empty status $?"; }
echo reply | { read; echo "REPLY=$REPLY"; }
printf 'cont\\\ninued\n' | { read c; echo "[$c]"; }
{ read first; read second; echo "$second $first"; } <<EOF
A
B
EOF
