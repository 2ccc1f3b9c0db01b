# Bracket expressions
touch a1 a2 a3 b1 bx
echo a[12]
echo a[!1]
echo [ab]1
echo a[1-2]
echo ?[x]
echo [[:alpha:]]x
echo a[
