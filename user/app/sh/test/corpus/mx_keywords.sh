# Reserved words are only special in command position
echo if then else fi do done case esac while until for in
for in in in; do echo "$in"; done
x=if; echo $x
echo {}
{ echo braces; }
