# & runs in the background; wait collects
echo start
(sleep 0; echo bg-done > bgout) &
wait
cat bgout
false &
wait $!
echo "bg status $?"
(exit 5) &
p=$!
wait $p
echo "waited $?"
