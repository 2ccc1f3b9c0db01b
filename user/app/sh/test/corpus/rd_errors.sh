# Failing redirections
echo x > /no/such/dir/f
echo "status $?"
cat < /no/such/file
echo "status $?"
{ echo y; } > /no/such/dir/g
echo "status $?"
( : > /no/such/dir/h ) 
echo "special builtin in subshell $?"
echo end
