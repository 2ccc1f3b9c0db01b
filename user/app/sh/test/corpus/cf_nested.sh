# Nested control structures
for i in 1 2 3; do
  for j in a b; do
    case $j in
      a) if [ $i = 2 ]; then echo "$i$j special"; else echo "$i$j"; fi ;;
      b) while false; do :; done; echo "$i$j" ;;
    esac
  done
done
