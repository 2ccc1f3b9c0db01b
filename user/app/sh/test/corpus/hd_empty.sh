# Empty bodies and odd delimiters
cat <<END
END
echo "after empty"
cat <<'a b'
spaced delimiter
a b
cat << END_2
spaced operator
END_2
wc -l <<E
1
2
3
E
