# A glob that comes from a variable still matches
touch x1 x2 y1
p='x*'
echo $p
for f in $p; do echo "file $f"; done
q='[xy]1'
echo $q
