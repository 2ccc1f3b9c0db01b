# A builtin that cannot write reports it and fails
echo lost >&-
echo "status $?"
printf 'lost\n' >&-
echo "status $?"
echo x > /dev/full
echo "full $?"
echo still-works
