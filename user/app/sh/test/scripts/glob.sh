# Pathname expansion
touch a.txt b.txt c.log .hidden
mkdir dir
touch dir/x.c dir/y.c
echo *.txt
echo ?.log
echo [ab].txt
echo [!a].txt
echo dir/*.c
echo *
echo .h*
echo no*match
echo "*.txt" '*.txt' \*.txt
set -f
echo *.txt
set +f
p='*.log'
echo $p "$p"
for f in *.txt; do echo "file $f"; done
case a.txt in *.txt) echo case-glob;; esac
