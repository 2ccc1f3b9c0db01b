# read -r keeps backslashes, read without -r removes them
printf 'back\\slash\n' | { read v; echo "$v"; }
printf 'back\\slash\n' | { read -r v; echo "$v"; }
printf 'cont\\\nnued\n' | { read v; echo "$v"; }
printf 'cont\\\nnued\n' | { read -r v; echo "$v"; }
