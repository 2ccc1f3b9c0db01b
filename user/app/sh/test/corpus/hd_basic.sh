# Here-documents with expansion
name=World
cat <<EOT
Hello, $name!
Sum: $((2 + 3))
Cmd: $(echo sub)
Escaped: \$name \\ \`x\`
Quote: "double" 'single'
EOT
