# Ignoring and resetting
trap '' USR2
kill -USR2 $$
echo "ignored"
trap - USR2
trap 'echo handled' USR2
kill -USR2 $$
trap
trap - USR2 EXIT
trap
echo end
