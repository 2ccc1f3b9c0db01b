# test with files
touch file; mkdir dir; : > empty; echo data > full
ln -s file link
[ -e file ] && echo exists
[ -f file ] && echo regular
[ -d dir ] && echo directory
[ -f dir ] || echo "dir not regular"
[ -s full ] && echo "full non-empty"
[ -s empty ] || echo "empty is empty"
[ -h link ] && [ -L link ] && echo symlink
[ -r file ] && [ -w file ] && echo "readable writable"
[ -x dir ] && echo "dir searchable"
[ -e nothere ] || echo "missing"
