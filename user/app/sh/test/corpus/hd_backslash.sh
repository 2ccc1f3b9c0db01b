# Backslash-newline in an unquoted here-document joins lines
cat <<END
joined \
line
keep \n and \t
dollar \$ and plain \x
END
cat <<'END'
not joined \
line
END
