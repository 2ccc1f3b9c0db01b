# Single quotes keep everything literal
echo 'a $HOME `x` "b" \n \\ c'
echo 'multi
line'
printf '%s|' 'a b' '' 'c'; echo
x='it'\''s'
echo "$x"
