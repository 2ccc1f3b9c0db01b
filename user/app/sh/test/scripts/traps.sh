# trap
trap 'echo exiting' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
echo after-signal
trap - USR1
trap
(trap 'echo sub-exit' EXIT; echo in-sub)
trap '' INT
trap
echo end
