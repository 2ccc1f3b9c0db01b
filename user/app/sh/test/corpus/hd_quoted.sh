# A quoted delimiter makes the body literal
x=1
cat <<'EOT'
$x $(echo no) `no` \$
EOT
cat <<"EOT"
$x still literal
EOT
cat <<\EOT
$x backslash-quoted
EOT
cat <<E"O"T
$x partly quoted
EOT
