# Syntax errors in sh -c and eval: message on stderr, status 2
$SH -c 'echo ok; )'
echo "status $?"
$SH -c 'for do done'
echo "status $?"
$SH -c 'case x in'
echo "status $?"
$SH -c 'echo "unterminated'
echo "status $?"
(eval 'if then fi')
echo "eval status $?"
