# More variables than fields
echo "only" | { read a b c; echo "[$a][$b][$c]"; }
echo "" | { read a b; echo "[$a][$b] $?"; }
echo "a b c d e" | { read a b; echo "[$a][$b]"; }
