# Syntax errors name the line and the token; the shell survives any input
$SH -c 'echo ok; if then fi'
echo "status $?"
$SH -c 'echo (a'
echo "status $?"
$SH -c 'for do done'
echo "status $?"
$SH -c 'echo "unterminated'
echo "status $?"
$SH -c 'case x in'
echo "status $?"
$SH -c 'a |'
echo "status $?"
$SH -c '
echo line2
fi'
echo "status $?"
$SH -c ';;'
echo "status $?"
$SH -c 'echo ${x'
echo "status $?"
$SH -c 'echo $(( 1 + ))'
echo "status $?"
$SH -c 'echo ${x:}'
echo "status $?"
$SH -c 'f() { f; }; f' 2>&1 | head -n 1
$SH -c 'eval "if"; echo "eval survived $?"'
echo "a syntax error in eval ends the shell: $?"
printf 'echo before\nif\necho never\n' > bad.sh
$SH bad.sh
echo "script status $?"
$SH -c '((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((' 2>&1 | head -c 60; echo
echo "deep status done"
