# while read over a file, the last line without a newline
printf 'l1\nl2\nl3' > f
while read line; do echo "got $line"; done < f
read x < /dev/null; echo "eof status $?"
printf 'partial' | { read v; echo "status $? [$v]"; }
n=0
while read -r l; do n=$((n + 1)); done <<END
a
b

c
END
echo "$n lines"
