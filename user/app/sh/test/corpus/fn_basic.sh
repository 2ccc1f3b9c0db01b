# Function definition and calls
greet() {
  echo "hello $1"
}
greet world
greet "two words"
f() { echo "$# args: $*"; }
f a b c
f
g() (echo "subshell body"; x=changed)
x=orig; g; echo $x
h() { return 3; }
h; echo "status $?"
