# 2> 2>&1 and order of redirections
ls /no/such/path 2> err
[ -s err ] && echo "err has the message"
{ echo out; echo err >&2; } > both 2>&1
sort both
{ echo out; echo err >&2; } 2>&1 > only 2>/dev/null
cat only
{ echo to-err >&2; } 2>/dev/null
echo ok 1>&2 2>/dev/null
