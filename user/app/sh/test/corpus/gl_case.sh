# Patterns in case
for w in apple Banana cherry 42 '*' x.y; do
  case $w in
    [a-z]*) echo "$w: lower" ;;
    [A-Z]*) echo "$w: upper" ;;
    [0-9]*) echo "$w: digit" ;;
    \*) echo "$w: star" ;;
    *.*) echo "$w: dot" ;;
  esac
done
