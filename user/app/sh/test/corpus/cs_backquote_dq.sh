# Backquotes inside double quotes: \" \$ \` \\ are escapes
echo "`echo \"hi\"`"
echo "`echo \$HOME | wc -c | tr -d ' ' | grep -c .`"
x="`printf '%s' \"a b\"`"; echo "[$x]"
echo "`echo 'single'`"
