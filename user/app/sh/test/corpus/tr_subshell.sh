# Traps are reset in subshells but ignored signals stay ignored
trap 'echo parent trap' USR1
( kill -USR1 $$ ; sleep 0 ) 
( trap ) | wc -l
trap '' USR2
( kill -USR2 $(sh -c 'echo $PPID') 2>/dev/null; echo "child survived" )
echo end
