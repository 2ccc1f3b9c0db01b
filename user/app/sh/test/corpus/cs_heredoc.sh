# Command substitution containing a here-document
x=$(cat <<END
line one
line two
END
)
echo "$x"
y=$(cat <<'END'
$not_expanded
END
)
echo "$y"
