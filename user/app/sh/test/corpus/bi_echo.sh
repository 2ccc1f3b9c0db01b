# echo
echo a   b
echo -n no-newline; echo
echo ''
echo -- dashes
echo 'tab\there'
echo 'stop\c' never
