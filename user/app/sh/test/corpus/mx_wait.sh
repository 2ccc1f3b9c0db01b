# wait for several background jobs and their statuses
(exit 3) & a=$!
(exit 4) & b=$!
wait $b; echo "b $?"
wait $a; echo "a $?"
sleep 0 & sleep 0 &
wait; echo "all $?"
