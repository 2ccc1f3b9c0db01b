# Redefining and unsetting functions; functions shadow commands
f() { echo one; }
f
f() { echo two; }
f
unset -f f
f 2>/dev/null || echo "f gone"
echo() { builtin_echo_is_gone; }
unset -f echo
echo "echo back"
ls() { printf 'fake ls\n'; }
ls
command ls /dev/null
