# Several here-documents on one line, and in pipelines
cat <<A; cat <<B
first
A
second
B
cat <<X | tr a-z A-Z
shout
X
while read line; do echo "[$line]"; done <<EOF2
one
two
EOF2
