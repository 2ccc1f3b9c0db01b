# Arithmetic errors end the subshell that had them
( echo $((1 / 0)) ); echo "div status $?"
( echo $((5 % 0)) ); echo "mod status $?"
( echo $((1 +)) ); echo "syntax status $?"
( echo $(( (1 + 2 )) ); echo "paren status $?"
echo after
