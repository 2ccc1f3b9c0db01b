# Redirections
echo first > out.txt
echo second >> out.txt
cat out.txt
cat < out.txt | wc -l | tr -d ' '
echo to-stderr >&2 2>/dev/null
{ echo err-msg >&2; } 2> err.txt
cat err.txt
ls no-such-file-here 2>/dev/null || echo "ls failed"
{ echo out; echo err >&2; } > both.txt 2>&1
sort both.txt
exec 3> fd3.txt
echo via-fd3 >&3
exec 3>&-
cat fd3.txt
exec 4< out.txt
read line <&4
echo "read from 4: $line"
exec 4<&-
echo data > rw.txt
cat <> rw.txt
> empty.txt
wc -c < empty.txt | tr -d ' '
while read l; do echo "loop:$l"; done < out.txt
for i in 1 2; do echo $i; done > loop.txt
cat loop.txt
if true; then echo in-if; fi > if.txt
cat if.txt
echo x > /no/such/dir/file
echo "after failed redirect $?"
cat < missing-input.txt
echo "status $?"
