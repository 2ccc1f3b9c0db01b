# Redirection targets are expanded (no splitting)
name="my file"
echo hi > "$name"
cat "my file"
dir=sub; mkdir $dir
echo there > $dir/x.txt
cat sub/x.txt
n=3
eval "exec $n> three"
echo three >&3
cat three
