# Redirections on compound commands
for i in 1 2 3; do echo $i; done > loop
cat loop
while read l; do echo "got $l"; done < loop
{ echo g1; echo g2; } > group; cat group
if true; then echo in-if; fi >> group; cat group
( echo sub ) > sub; cat sub
case x in x) echo in-case ;; esac > c; cat c
f() { echo in-func; }
f > fout; cat fout
