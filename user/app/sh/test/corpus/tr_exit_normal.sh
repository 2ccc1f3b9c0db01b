# EXIT trap at the end of the script, and replacing it
trap 'echo first' EXIT
trap 'echo second' EXIT
echo body
false
