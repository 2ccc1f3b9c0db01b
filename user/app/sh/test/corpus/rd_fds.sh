# Numbered descriptors, duplication and closing
exec 4> four
echo via-four >&4
echo via-four-again 1>&4
exec 4>&-
cat four
{ echo a >&5; } 5> five
cat five
exec 6<&0
exec 6<&-
echo closed
( echo x >&7 ) 2>/dev/null || echo "fd 7 not open"
