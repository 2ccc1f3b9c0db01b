# < and <>
printf 'l1\nl2\n' > in
cat < in
read first < in; echo "$first"
wc -l <in
cat 0<in
exec 3<> rw
echo data >&3
exec 3>&-
cat rw
