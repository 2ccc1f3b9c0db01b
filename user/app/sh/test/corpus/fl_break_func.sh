# break inside a function called from a loop, and return in a sourced file
f() { echo "f runs"; }
for i in 1 2; do f; break; done
echo "i=$i"
cat > lib.sh <<'END'
echo "in lib"
return 4
echo never
END
. ./lib.sh
echo "dot status $?"
