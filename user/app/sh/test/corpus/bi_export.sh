# export and the environment of programs
VAR1=one; export VAR1
export VAR2=two
VAR3=three
$SH -c 'echo "${VAR1-unset} ${VAR2-unset} ${VAR3-unset}"'
VAR3=temp $SH -c 'echo "temp: $VAR3"'
echo "after: $VAR3"
unset VAR1
$SH -c 'echo "${VAR1-unset after unset}"'
