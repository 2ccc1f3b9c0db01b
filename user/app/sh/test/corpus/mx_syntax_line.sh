# A syntax error in a script is reported and ends it with status 2
echo before
if true; then
  echo inside
fi fi
echo never
