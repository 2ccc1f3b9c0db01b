# Prefix and suffix removal
p=/usr/local/lib/libfoo.so.1
echo "${p#*/}" "${p##*/}"
echo "${p%.*}" "${p%%.*}"
echo "${p#/usr}" "${p%.so.1}"
f=file.tar.gz
echo "${f%.gz}" "${f%%.*}" "${f#*.}" "${f##*.}"
echo "${f#nomatch}" "${f%x}"
