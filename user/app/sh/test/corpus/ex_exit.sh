# exit with and without a number
f() { return 4; }
f
( exit ); echo "exit uses last status: $?"
( false; exit ); echo "$?"
( exit 256 ); echo "wrapped $?"
echo end
exit 5
echo never
