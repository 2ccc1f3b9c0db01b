# kill a background job by pid
sleep 30 &
p=$!
kill $p
wait $p
echo "status $?"
sleep 30 &
kill -9 $!
wait $!; echo "status $?"
kill -0 $$ && echo "self alive"
