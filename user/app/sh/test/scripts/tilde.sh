# Tilde expansion (HOME is the test's work directory)
HOME=/home/tester
echo ~ ~/sub "~" '~' ~tester-does-not-exist-zz
x=~/y
echo $x
echo a~b
