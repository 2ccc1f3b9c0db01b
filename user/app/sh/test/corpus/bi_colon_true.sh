# : true false
: anything $(echo ignored) ; echo $?
true extra args; echo $?
false extra args; echo $?
: > created; [ -f created ] && echo "colon with redirection creates"
