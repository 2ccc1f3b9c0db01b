# read and IFS
printf 'a,b,,c\n' | { IFS=, read w x y z; echo "[$w][$x][$y][$z]"; }
printf 'x  y\n' | { IFS= read v; echo "[$v]"; }
printf ' x , y \n' | { IFS=' ,' read a b; echo "[$a][$b]"; }
printf 'k=v\n' | { IFS== read k v; echo "$k -> $v"; }
