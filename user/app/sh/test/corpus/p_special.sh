# $? $$ $! $0 $-
false; echo $?
true; echo $?
sh_pid=$$
[ "$sh_pid" -gt 0 ] && echo pid ok
sleep 0 &
[ -n "$!" ] && echo bg pid ok
wait
(exit 7); echo $?
case $0 in *.sh) echo dollar0 is the script ;; esac
