# * and ? match names in the current directory
touch a.c b.c c.h abc .hidden
echo *.c
echo ?.h
echo a*
echo *
echo .h*
echo nomatch*
echo "*.c" '*.c' \*.c
