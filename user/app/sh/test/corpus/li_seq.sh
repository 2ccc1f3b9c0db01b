# ; and newlines, status of a list is its last command
echo a; echo b; false
echo "status $?"
false; true
echo "status $?"
echo c;
echo d ; echo e
