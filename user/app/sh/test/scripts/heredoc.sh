# Here-documents
name=world
cat <<EOF
hello $name
sum $((1 + 2))
cmd $(echo sub)
escaped \$name
EOF
cat <<'EOF'
literal $name $(echo no)
EOF
cat <<"END"
also literal $name
END
cat <<-EOF
	tabs stripped $name
		second
	EOF
cat <<A; cat <<B
first doc
A
second doc
B
while read x; do echo "line: $x"; done <<EOF
a
b
EOF
f() {
    cat <<EOF
in function $1
EOF
}
f arg
cat <<EOF | tr a-z A-Z
piped heredoc
EOF
