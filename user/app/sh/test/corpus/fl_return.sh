# return from nested constructs
f() {
  for i in 1 2 3; do
    while true; do
      if [ $i = 2 ]; then return $i; fi
      break
    done
    echo "loop $i"
  done
  echo never
}
f; echo "returned $?"
g() { return 255; }
g; echo "largest: $?"
