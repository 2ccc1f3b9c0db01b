# The status of an assignment-only command is the last substitution's
x=$(false); echo $?
x=$(true); echo $?
x=$(exit 42); echo $?
y=$(exit 3) z=$(exit 4); echo $?
echo "$(exit 9)" ; echo $?
