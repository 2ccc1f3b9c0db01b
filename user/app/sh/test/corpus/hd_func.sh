# Here-documents in functions and loops
f() {
  cat <<END
in function: $1
END
}
f arg
for i in 1 2; do
  cat <<END
loop $i
END
done
g() { cat; }
g <<END
to function stdin
END
