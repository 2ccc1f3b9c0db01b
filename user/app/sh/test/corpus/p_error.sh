# ${x?msg} ends a non-interactive shell with an error
echo before
s=ok
echo "${s?not shown}"
( : "${missing?custom message}" ; echo not reached )
echo "subshell status $?"
( : "${missing?}" ) 2>/dev/null
echo "status $?"
