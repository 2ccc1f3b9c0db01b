# source, ., exec, sh -c, scripts as files
cat > lib.sh <<'EOF'
libvar=from-lib
libfn() { echo "libfn $1"; }
echo "sourced with $# args: $*"
return 3
echo never
EOF
. ./lib.sh
echo "status $? $libvar"
libfn x
source ./lib.sh p q
echo "after: $#"
$SH -c 'echo "dash-c $0 $1 $2"' name a b
$SH -c 'exit 9'
echo "exit status $?"
cat > script.sh <<'EOF'
echo "script $0 args: $*"
exit 4
EOF
$SH script.sh one two
echo "script status $?"
printf 'echo no shebang $1\n' > noshebang
chmod +x noshebang
./noshebang works
printf '#!%s\necho with shebang $1\n' "$SH" > shebang
chmod +x shebang
./shebang ok
echo 'echo from stdin' | $SH
(exec echo replaced; echo never)
(exec > exec_out.txt; echo into-file)
cat exec_out.txt
./not-here 2>/dev/null
echo "missing $?"
touch notexec
./notexec 2>/dev/null
echo "not executable $?"
no_such_command_zzz 2>/dev/null
echo "not found $?"
