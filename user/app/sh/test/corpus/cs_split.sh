# Unquoted substitutions are split and globbed
set -- $(echo "a  b   c")
echo $#
set -- "$(echo "a  b   c")"
echo $#
IFS=:
set -- $(echo "x:y::z")
echo $# "$3"
unset IFS
touch f1 f2
echo $(echo 'f*')
